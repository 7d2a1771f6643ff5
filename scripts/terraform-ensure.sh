#!/usr/bin/env bash
# Prints the path of a terraform CLI (same major.minor as the pinned version), building it from the
# Go module proxy when there is none: machines here reach package registries only, and HashiCorp's
# release downloads are not one of them.
#
#   TF=$(scripts/terraform-ensure.sh)          # path on stdout, progress on stderr
#   scripts/terraform-ensure.sh --fmt-check    # also: terraform fmt -check -recursive terraform
#   scripts/terraform-ensure.sh --no-build     # exit 3 instead of building
#
# Why not `go install github.com/hashicorp/terraform@vX`: terraform's go.mod has replace directives
# (its remote-state backends are nested modules), which `go install pkg@version` refuses, and the
# module zip leaves those nested modules out. So we download the module, drop the eight
# nested-module state backends (azurerm, consul, cos, gcs, kubernetes, oss, pg, s3) from the
# backend registry and build. The result runs fmt, init -backend=false, validate, and plans with
# the local backend; CI's real plan/apply uses the official image (cloudbuild.yaml), which has
# every backend. Measured on 2 cores: empty Go caches 4.5 min (266 s; 7 min when the machine is
# busy), ~0.8-1 GB peak RSS, ~1.7 GB of Go caches; with the Go build cache warm, ~8 s.
set -euo pipefail

TF_VERSION="${TF_VERSION:-1.11.4}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${TERRAFORM_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/korea-data-pipeline/terraform}"
BUILT="$CACHE_DIR/v$TF_VERSION/terraform"
FMT_CHECK=0
NO_BUILD=0
for arg in "$@"; do
  case "$arg" in
    --fmt-check) FMT_CHECK=1 ;;
    --no-build) NO_BUILD=1 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { echo "terraform-ensure: $*" >&2; }

# Accept any terraform on PATH with the same major.minor (fmt output is stable within a minor).
acceptable() {
  local v
  v="$("$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p' | head -1)" || return 1
  [[ "${v%.*}" == "${TF_VERSION%.*}" ]]
}

find_terraform() {
  local candidate
  if candidate="$(command -v terraform 2>/dev/null)" && acceptable "$candidate"; then
    echo "$candidate"
    return 0
  fi
  if [[ -x "$BUILT" ]] && acceptable "$BUILT"; then
    echo "$BUILT"
    return 0
  fi
  return 1
}

build_terraform() {
  command -v go >/dev/null || { log "go is not installed; cannot build terraform"; return 3; }
  local work src started
  started=$(date +%s)
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  log "building terraform v$TF_VERSION from the Go module proxy (cold: ~5 min, cached: ~10 s)"
  src="$(go mod download -json "github.com/hashicorp/terraform@v$TF_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$src" && -d "$src" ]] || { log "go mod download gave no source directory"; return 1; }
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
  (
    cd "$work/src"
    local nested='azure|consul|cos|gcs|kubernetes|oss|pg|s3'
    sed -i -E "/backend\/remote-state\/($nested)\"\$/d; /^[[:space:]]+\"(azurerm|$nested)\":/d" internal/backend/init/init.go
    sed -i -E "/terraform\/internal\/(backend\/remote-state\/($nested)|legacy)( |\$)/d" go.mod
    # go1.23-only setting that newer Go toolchains reject.
    sed -i '/^godebug tlskyber=/d' go.mod
    if grep -qE "remote-state/($nested)\"" internal/backend/init/init.go; then
      echo "patch did not apply to internal/backend/init/init.go" >&2
      exit 1
    fi
    mkdir -p "$(dirname "$BUILT")"
    CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$BUILT.tmp" .
  )
  mv "$BUILT.tmp" "$BUILT"
  log "built $BUILT in $(($(date +%s) - started)) s"
}

TF="$(find_terraform)" || {
  if [[ "$NO_BUILD" == 1 ]]; then
    log "no terraform ${TF_VERSION%.*}.x on PATH or in $CACHE_DIR"
    exit 3
  fi
  build_terraform
  TF="$(find_terraform)" || { log "built terraform does not run"; exit 1; }
}

if [[ "$FMT_CHECK" == 1 ]]; then
  (cd "$ROOT" && "$TF" fmt -check -recursive -diff terraform >&2) || { log "terraform fmt -check failed: run terraform fmt -recursive terraform"; exit 1; }
fi
echo "$TF"
