#!/usr/bin/env bash
# Stages what Terraform zips and deploys as every function's source: the bundled JavaScript, the SQL
# the load stage runs, and the package manifests (Cloud Build installs production dependencies from
# package-lock.json, among them the Functions Framework that loads the bundle;
# GOOGLE_NODE_RUN_SCRIPTS="" stops it from running our build scripts).
#
#   scripts/terraform-stage-functions.sh [OUT_DIR]     # default: build/function
#
# File modification times are normalised so the same sources give the same zip.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/build/function}"
cd "$ROOT"

# The composition root bundled by esbuild (scripts/bundle.mjs): one ESM chunk per lazily
# imported module graph, so a cold instance reads a few files instead of some thousand (issue 16).
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node scripts/bundle.mjs functions "$tmp/functions" >&2
# package.json "main" is dist/functions/index.js: keep that layout.
[[ -f "$tmp/functions/index.js" ]] || { echo "no functions/index.js in the bundle" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT/dist"
cp -r "$tmp/functions" "$OUT/dist/functions"
cp -r sql "$OUT/sql"
cp package.json package-lock.json "$OUT/"
find "$OUT" -name '*.map' -delete
find "$OUT" -exec touch -h -d '2000-01-01T00:00:00Z' {} +
echo "staged $(find "$OUT" -type f | wc -l) files in ${OUT#"$ROOT"/}"
