#!/usr/bin/env bash
# Quickstart command 2: installs what the tests need, then runs every test tier:
#   unit (pure code), integration (embedded runtime end to end), contract (real Google Cloud client
#   libraries against emulators / local fakes; unit and contract also on the runtime's Node 22), sql (ZetaSQL, generated DuckDB SQL in sync, equivalence), infra (Terraform wiring), spark (pytest).
# `bash scripts/test.sh unit` runs one tier. PIPELINE_REQUIRE_TOOLS=1 turns tool-missing skips into failures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node.sh
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=(unit integration contract sql infra spark)

status=0
spark_ready=0
# sqlglot (GoogleSQL -> DuckDB) is needed wherever the local warehouse or the sql tests run.
if [[ " ${tiers[*]} " == *" unit "* || " ${tiers[*]} " == *" sql "* || " ${tiers[*]} " == *" integration "* ]]; then
  bash scripts/setup-python.sh --sql >&2 || echo "==> sqlglot unavailable (see above)" >&2
fi
# Local Spark (a project-local .venv with pinned pyspark) is needed by the integration tier too.
if [[ " ${tiers[*]} " == *" spark "* || " ${tiers[*]} " == *" integration "* ]]; then
  if bash scripts/setup-python.sh >&2; then spark_ready=1; else echo "==> local Spark unavailable (see above)" >&2; fi
fi
node_files=()
for tier in "${tiers[@]}"; do
  [ "$tier" = spark ] && continue
  [ -d "test/$tier" ] && while IFS= read -r f; do node_files+=("$f"); done < <(find "test/$tier" -name '*.test.ts' | sort)
done
if [ ${#node_files[@]} -gt 0 ]; then
  echo "==> node tests: ${tiers[*]}" >&2
  node --import tsx --test --test-concurrency=2 "${node_files[@]}" || status=$?
fi

# The unit and contract tiers (the deployed bundle included) once more on the Functions runtime's
# Node (terraform: nodejs22) when this machine runs another major: ~30 s. The integration, sql and
# infra tiers pass on it too, run by hand: ~8 min more, so not on every run.
runtime_files=()
for f in "${node_files[@]}"; do
  case "$f" in test/unit/* | test/contract/*) runtime_files+=("$f") ;; esac
done
if [ ${#runtime_files[@]} -gt 0 ]; then
  if node_rt="$(bash scripts/node-runtime.sh)"; then
    if [ "$("$node_rt" -v)" != "$(node -v)" ]; then
      echo "==> node tests on the Functions runtime's Node $("$node_rt" -v): ${#runtime_files[@]} files of the unit and contract tiers" >&2
      "$node_rt" --import tsx --test --test-concurrency=2 "${runtime_files[@]}" || status=$?
    fi
  elif [ "${PIPELINE_REQUIRE_TOOLS:-}" = 1 ]; then
    echo "the runtime's Node is needed (scripts/node-runtime.sh failed) and PIPELINE_REQUIRE_TOOLS=1 forbids skipping" >&2
    status=1
  else
    echo "SKIPPED unit + contract tests on the Functions runtime's Node: scripts/node-runtime.sh failed" >&2
  fi
fi

if [[ " ${tiers[*]} " == *" spark "* ]]; then
  echo "==> spark tests (pytest, local Spark)" >&2
  if [ $spark_ready = 1 ]; then
    .venv/bin/python -m pytest test/spark -q || status=$?
  elif [ "${PIPELINE_REQUIRE_TOOLS:-}" = 1 ]; then
    echo "spark tests need Java + pyspark and PIPELINE_REQUIRE_TOOLS=1 forbids skipping" >&2
    status=1
  else
    echo "SKIPPED spark tests: needs Java + pyspark (scripts/setup-python.sh failed)" >&2
  fi
fi
exit $status
