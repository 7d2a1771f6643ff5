#!/usr/bin/env bash
# Installs the Node dependencies when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm ci`: installs exactly package-lock.json and never rewrites it, so a fresh clone stays clean
  # after `npm run demo`. The lock lists every platform's optional DuckDB binding; npm installs the
  # one for this machine (test/infra/node-install.test.ts keeps the lock complete).
  echo "==> installing Node dependencies (npm ci from package-lock.json)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
# The CLI runs compiled JavaScript: bin/pipeline.js uses dist/ only while it is at least as new as
# functions/ (otherwise it runs the TypeScript sources through tsx, correct but ~1 s slower a call).
if ! node --input-type=module -e "import { distIsFresh } from './bin/dist-fresh.js'; process.exit(distIsFresh() ? 0 : 1)"; then
  echo "==> compiling the CLI into dist/ (npm run build)" >&2
  npm run build --silent >&2 || echo "==> npm run build failed; the CLI runs the TypeScript sources" >&2
fi
