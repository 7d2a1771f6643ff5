#!/usr/bin/env bash
# Creates the project-local Python environment: .venv/ with the pinned packages of
# requirements-sql.txt (sqlglot, the GoogleSQL -> DuckDB transpiler of the local warehouse)
# and requirements-spark.txt (the PySpark job in functions/spark/ and its tests).
#
#   bash scripts/setup-python.sh        # idempotent: a second run does nothing
#   bash scripts/setup-python.sh --sql  # only requirements-sql.txt (no Java needed)
#   FORCE=1 bash scripts/setup-python.sh  # reinstall even if the stamp matches
#
# Skips all work when .venv/ already holds exactly the requirements (the stamp files
# .venv/.requirements-{sql,spark}.sha256 store their hash plus the Python version).
# Spark runs on the JVM, so Java (8, 11, 17 or 21) must be installed; without it this
# script says so and exits 1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/requirements-spark.txt"
STAMP="$VENV/.requirements-spark.sha256"

say() { printf '[setup-python] %s\n' "$*"; }
die() { printf '[setup-python] ERROR: %s\n' "$*" >&2; exit 1; }

SQL_ONLY=0
[ "${1:-}" = "--sql" ] && SQL_ONLY=1

# --- Java: Spark cannot start without a JVM -------------------------------------------
# Spark's launcher uses $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH.
JAVA="java"
if [ "$SQL_ONLY" = 1 ]; then :; else
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; fi
if ! command -v "$JAVA" >/dev/null 2>&1; then
  die "Java was not found on PATH. Spark $(sed -n 's/^pyspark==//p' "$REQ") needs a Java runtime
  (17 recommended; 8, 11 and 21 also work). Install one, e.g.
    Debian/Ubuntu:  sudo apt-get install -y openjdk-17-jre-headless
    macOS:          brew install openjdk@17
  then run this script again. (If Java is installed but not on PATH, set JAVA_HOME.)"
fi
JAVA_LINE="$("$JAVA" -version 2>&1 | head -n 1)"
JAVA_MAJOR="$(printf '%s' "$JAVA_LINE" | sed -E 's/.*version "([0-9]+)(\.([0-9]+))?.*/\1 \3/' | awk '{ print ($1 == "1") ? $2 : $1 }')"
case "$JAVA_MAJOR" in
  8|11|17|21) say "Java $JAVA_MAJOR found ($JAVA_LINE)" ;;
  ''|*[!0-9]*) die "could not read the Java version from: $JAVA_LINE" ;;
  *) say "WARNING: Java $JAVA_MAJOR is not one Spark 3.5 supports (8, 11, 17, 21); continuing anyway" ;;
esac
fi

# --- Python: prefer 3.11 (what Dataproc 2.2 ships), else python3 ------------------------
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
  done
fi
[ -n "$PYTHON" ] || die "python3 was not found on PATH (Python 3.9-3.11 needed for pyspark 3.5)."
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || die "$("$PYTHON" --version 2>&1) is too old; pyspark 3.5 needs Python 3.9 or newer."

export PIP_DISABLE_PIP_VERSION_CHECK=1
# --- The SQL transpiler (sqlglot): small, needed by the local warehouse and the sql tests -----
SQL_REQ="$ROOT/requirements-sql.txt"
SQL_STAMP="$VENV/.requirements-sql.sha256"
SQL_WANT="$( (cat "$SQL_REQ"; "$PYTHON" --version 2>&1) | sha256sum | cut -d' ' -f1)"
if [ -n "${FORCE:-}" ] || [ ! -x "$VENV/bin/python" ] || [ ! -f "$SQL_STAMP" ] \
   || [ "$(cat "$SQL_STAMP")" != "$SQL_WANT" ] || ! "$VENV/bin/python" -c 'import sqlglot' 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || { say "creating virtual environment $VENV with $("$PYTHON" --version 2>&1)"; "$PYTHON" -m venv "$VENV"; }
  say "installing requirements-sql.txt"
  "$VENV/bin/python" -m pip install --no-input -q -r "$SQL_REQ"
  "$VENV/bin/python" -c 'import sqlglot' || die "sqlglot installed but does not import"
  printf '%s\n' "$SQL_WANT" > "$SQL_STAMP"
fi
if [ "$SQL_ONLY" = 1 ]; then
  say "sqlglot $("$VENV/bin/python" -c 'import sqlglot; print(sqlglot.__version__)') ready in .venv"
  exit 0
fi

# --- Skip when already satisfied ------------------------------------------------------
WANT="$( (cat "$REQ"; "$PYTHON" --version 2>&1) | sha256sum | cut -d' ' -f1)"
if [ -z "${FORCE:-}" ] && [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] \
   && [ "$(cat "$STAMP")" = "$WANT" ] && "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
  say ".venv is up to date with requirements-spark.txt (pyspark $("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)')); nothing to do."
  exit 0
fi

# --- Create or refresh the venv ---------------------------------------------------------
START=$(date +%s)
if [ ! -x "$VENV/bin/python" ]; then
  say "creating virtual environment $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi
say "installing requirements-spark.txt (pyspark is a ~300 MB download; a cold install takes about a minute on a fast link)"
"$VENV/bin/python" -m pip install --progress-bar on --no-input -r "$REQ"
"$VENV/bin/python" -c 'import pyspark, pytest' || die "the packages installed but do not import"
printf '%s\n' "$WANT" > "$STAMP"
say "done in $(( $(date +%s) - START ))s: pyspark $("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)'), spark-submit at $VENV/bin/spark-submit"
