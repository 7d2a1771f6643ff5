#!/usr/bin/env bash
# The real-Terraform tier: for every terraform/environments/<env>, on a throw-away copy of the
# repository's terraform/ (plus what the environment reads from the repository), runs
#   terraform init -backend=false, terraform validate, terraform test
# against the provider binaries of the filesystem mirror (real hashicorp/google 6.50.0 schemas).
# The tests in <env>/tests/*.tftest.hcl plan and apply the environment with mock_provider "google".
#
#   scripts/terraform-check.sh [ENV ...]        # default: every environment
#   TERRAFORM_MIRROR=/abs/path scripts/terraform-check.sh
#
# Exit 3 when the mirror (default ../shared/terraform-mirror beside the worktree) or terraform is
# missing, so callers can skip with a message. The lock file init writes from the mirror holds
# hashes a real `terraform init` would reject: it lives and dies in the copy, never in the repository.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIRROR="${TERRAFORM_MIRROR:-$ROOT/../shared/terraform-mirror}"
TF="${TERRAFORM:-terraform}"

log() { echo "terraform-check: $*" >&2; }

if [[ ! -d "$MIRROR/registry.terraform.io/hashicorp/google" ]]; then
  log "no provider mirror at $MIRROR (../shared/terraform-mirror); set TERRAFORM_MIRROR"
  exit 3
fi
MIRROR="$(cd "$MIRROR" && pwd)"
if ! command -v "$TF" >/dev/null 2>&1; then
  TF="$(bash "$ROOT/scripts/terraform-ensure.sh" --no-build 2>/dev/null)" || { log "no terraform CLI"; exit 3; }
fi

envs=("$@")
if [[ ${#envs[@]} -eq 0 ]]; then
  for d in "$ROOT"/terraform/environments/*/; do envs+=("$(basename "$d")"); done
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/terraform-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cat >"$work/tf.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct { exclude = ["registry.terraform.io/hashicorp/*"] }
}
RC
export TF_CLI_CONFIG_FILE="$work/tf.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export TF_PLUGIN_CACHE_DIR="$work/plugin-cache"
mkdir -p "$TF_PLUGIN_CACHE_DIR"

# The copy mirrors the repository layout the environments refer to (path.root/../../../...):
# terraform/ (no state, no .terraform, no lock), the PySpark jobs, and a stand-in for the staged
# function build (the tests mock the archive provider, so its content does not matter).
copy="$work/repo"
mkdir -p "$copy/functions/spark" "$copy/build/function"
tar -C "$ROOT" --exclude='.terraform' --exclude='*.tfstate*' --exclude='.terraform.lock.hcl' \
  --exclude='terraform.tfvars' -cf - terraform | tar -C "$copy" -xf -
cp "$ROOT"/functions/spark/*.py "$copy/functions/spark/"
printf '{"name":"stand-in for scripts/terraform-stage-functions.sh output"}\n' >"$copy/build/function/package.json"

status=0
for env in "${envs[@]}"; do
  dir="$copy/terraform/environments/$env"
  [[ -d "$dir" ]] || { log "no environment $env"; status=1; continue; }
  started=$(date +%s)
  log "$env: init -backend=false"
  "$TF" -chdir="$dir" init -backend=false -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; status=1; continue; }
  log "$env: validate"
  "$TF" -chdir="$dir" validate -no-color || { status=1; continue; }
  if compgen -G "$dir/tests/*.tftest.hcl" >/dev/null; then
    log "$env: test"
    "$TF" -chdir="$dir" test -no-color || status=1
  else
    log "$env: no tests/*.tftest.hcl"
    status=1
  fi
  rm -f "$dir/.terraform.lock.hcl"
  log "$env: done in $(($(date +%s) - started)) s"
done
exit $status
