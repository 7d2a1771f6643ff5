#!/usr/bin/env bash
# Installs the Node dependencies when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the registries reachable here serve DuckDB's native bindings for
  # linux-x64 only, so the lock file cannot list the other platforms' optional packages, and
  # `npm ci` rejects a lock without them. With an in-sync lock, `npm install` installs exactly it.
  echo "==> installing Node dependencies (npm install from package-lock.json)" >&2
  npm install --no-audit --no-fund --loglevel=error >&2
fi
