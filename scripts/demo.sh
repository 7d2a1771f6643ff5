#!/usr/bin/env bash
# Quickstart command 1: installs what the demo needs, then runs a fixture window for every source
# end to end on the embedded default (fake APIs, filesystem buckets, DuckDB, local Spark).
# The demo has its own state folder; the user's .pipeline/ is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
demo_root=.pipeline-demo
bash scripts/ensure-node.sh
# sqlglot first and on its own: the local warehouse needs it even where Spark cannot run.
bash scripts/setup-python.sh --sql >&2
if ! bash scripts/setup-python.sh >&2; then
  echo "==> local Spark could not be set up (see above); the stock source will be skipped" >&2
fi
rm -rf -- "$demo_root"
echo "==> running the demo (state in $demo_root/, logs in $demo_root/logs/pipeline.log)" >&2
exec node bin/pipeline.js demo --root "$demo_root" "$@"
