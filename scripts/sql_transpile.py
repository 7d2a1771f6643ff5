"""GoogleSQL (BigQuery) -> DuckDB, by sqlglot (read bigquery, write duckdb) plus the post-rules below.

The local warehouse runs the SAME sql/ files as BigQuery: this script generates their DuckDB form
into generated/duckdb/ (checked in, kept in sync by test/sql/duckdb-sync.test.ts), and serves
ad-hoc SQL (`pipeline query`, SQL embedded in TypeScript) to the DuckDB adapter.

  .venv/bin/python scripts/sql_transpile.py generate [--sql DIR] [--out DIR]   # = npm run sql:generate
  .venv/bin/python scripts/sql_transpile.py serve      # JSON lines: {"sql": ...} -> {"statements": [...]}
  .venv/bin/python scripts/sql_transpile.py usage [--sql DIR]   # functions/constructs each file uses (JSON)
  .venv/bin/python scripts/sql_transpile.py transpile < file.sql   # print the DuckDB form

Statements are split by sqlglot's parser (never by hand). Named parameters (@slot_id) become DuckDB
prepared-statement parameters ($slot_id); each statement lists the ones it uses so the adapter binds
exactly those.

POST-RULES (every rewrite sqlglot's own output gets; keep this list the only place they live):
  1. MERGE ... WHEN NOT MATCHED THEN INSERT ROW  ->  INSERT *
     BigQuery's INSERT ROW inserts every source column, in order; DuckDB's INSERT * is the same
     positional insert, while sqlglot leaves `INSERT ROW`, which DuckDB cannot parse.
  2. CREATE TABLE: PARTITION BY, CLUSTER BY and OPTIONS(...) are dropped (physical layout and
     metadata only; DuckDB has no equivalent). sqlglot drops them too but warns; dropping them here
     says it on purpose.
  3. Comments are dropped: sqlglot re-attaches them to nearby nodes (a file header can land after
     MERGE's last clause); the generated file's header points at the commented source instead.
  4. Whatever sqlglot reports it cannot write faithfully is an error, except ACCEPTED_UNSUPPORTED:
     EXTRACT from a TIMESTAMP (DuckDB TIMESTAMPTZ) depends on the session time zone, and the
     adapter pins every DuckDB session to UTC, BigQuery's default (the equivalence suite checks
     this under a non-UTC TZ).
  5. DATE_TRUNC / DATE_ADD / DATE_SUB return DATE in BigQuery but TIMESTAMP in sqlglot's DuckDB
     form: they are wrapped in CAST(... AS DATE), unless sqlglot's type annotation knows the first
     argument is a DATETIME or TIMESTAMP (BigQuery keeps that type then).
  6. TIMESTAMP_DIFF(end, start, part) counts whole elapsed parts in BigQuery (13.8 hours -> 13);
     sqlglot writes DuckDB's DATE_DIFF, which counts part boundaries crossed (-> 14). DuckDB's
     DATE_SUB(part, start, end) is the elapsed count.
  7. COUNTIF counts rows whose condition is TRUE and is 0 when there is none (all NULL, or no rows);
     DuckDB's COUNT_IF is NULL then: it is wrapped in COALESCE(..., 0) (the window, for COUNTIF OVER).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.tokens import TokenType

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
OUT_DIR = ROOT / "generated" / "duckdb"
GENERATE_COMMAND = "npm run sql:generate"
# Separates statements in a generated file; the adapter splits on exactly this line shape.
MARKER = re.compile(r"^-- statement (\d+) of (\d+); parameters: (.*)$", re.M)


ACCEPTED_UNSUPPORTED = ("EXTRACT from TIMESTAMPTZ / TIMESTAMPLTZ may produce different results due to timezone handling differences",)


class TranspileError(Exception):
    pass


def _post_rules(tree: exp.Expression) -> exp.Expression:
    # Post-rule 1: MERGE ... INSERT ROW -> INSERT *
    for insert in tree.find_all(exp.Insert):
        target = insert.this
        if isinstance(insert.parent, exp.When) and isinstance(target, exp.Var) and target.name.upper() == "ROW":
            insert.set("this", exp.Star())
    # Post-rule 5: DATE_* functions on a DATE stay DATE.
    for node in list(tree.find_all(exp.DateTrunc, exp.DateAdd, exp.DateSub)):
        if isinstance(node.parent, exp.Cast):
            continue
        first = node.this
        kind = annotate_types(first.copy(), dialect="bigquery").type
        if kind is not None and kind.this in (exp.DataType.Type.DATETIME, exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPTZ):
            continue
        node.replace(exp.Cast(this=node.copy(), to=exp.DataType.build("DATE")))
    # Post-rule 6: TIMESTAMP_DIFF counts elapsed parts.
    for node in list(tree.find_all(exp.TimestampDiff)):
        unit = node.args.get("unit")
        node.replace(
            exp.Anonymous(
                this="DATE_SUB",
                expressions=[exp.Literal.string(unit.name.upper() if unit else "DAY"), node.expression.copy(), node.this.copy()],
            )
        )
    # Post-rule 7: COUNTIF is never NULL.
    for node in list(tree.find_all(exp.CountIf)):
        target = node.parent if isinstance(node.parent, exp.Window) else node
        target.replace(exp.Coalesce(this=target.copy(), expressions=[exp.Literal.number(0)]))
    # Post-rule 2: drop BigQuery-only table properties.
    if isinstance(tree, exp.Create):
        props = tree.args.get("properties")
        if props is not None:
            # OPTIONS(k = v, ...) entries parse as plain Property nodes.
            kept = [
                p
                for p in props.expressions
                if not isinstance(p, (exp.PartitionedByProperty, exp.ClusterProperty)) and type(p) is not exp.Property
            ]
            if kept:
                props.set("expressions", kept)
            else:
                tree.set("properties", None)
    return tree


def transpile(sql: str) -> list[dict]:
    """The DuckDB statements of a GoogleSQL script, each with the named parameters it uses."""
    try:
        trees = sqlglot.parse(sql, read="bigquery")
    except sqlglot.errors.ParseError as e:
        raise TranspileError(f"sqlglot cannot parse this GoogleSQL: {e}") from None
    out = []
    for tree in trees:
        if tree is None:
            continue
        tree = _post_rules(tree)
        params = sorted({p.name for p in tree.find_all(exp.Parameter)})
        generator = DuckDB().generator(pretty=True, comments=False, unsupported_level=sqlglot.ErrorLevel.IGNORE)
        text = generator.generate(tree)
        problems = [m for m in generator.unsupported_messages if m not in ACCEPTED_UNSUPPORTED]
        if problems:
            raise TranspileError(f"sqlglot cannot write this for DuckDB: {'; '.join(problems)}")
        if MARKER.search(text):
            raise TranspileError("a statement contains a line shaped like the generated-file statement marker")
        out.append({"sql": text, "params": params})
    return out


def render(relative: str, source: str) -> str:
    statements = transpile(source)
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    lines = [
        f"-- GENERATED from sql/{relative} by `{GENERATE_COMMAND}` (sqlglot {sqlglot.__version__}, read bigquery,",
        "-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.",
        f"-- source sha256: {digest}",
    ]
    for i, s in enumerate(statements, 1):
        lines.append(f"-- statement {i} of {len(statements)}; parameters: {', '.join(s['params']) or '-'}")
        lines.append(s["sql"] + ";")
    return "\n".join(lines) + "\n"


def sql_files(sql_dir: Path) -> list[Path]:
    return sorted(p for p in sql_dir.rglob("*.sql") if p.is_file())


def generate(sql_dir: Path, out_dir: Path) -> int:
    wanted: dict[Path, str] = {}
    failures = []
    for path in sql_files(sql_dir):
        relative = path.relative_to(sql_dir).as_posix()
        try:
            wanted[out_dir / relative] = render(relative, path.read_text("utf-8"))
        except TranspileError as e:
            failures.append(f"sql/{relative}: {e}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    stale = [p for p in out_dir.rglob("*.sql") if p not in wanted] if out_dir.exists() else []
    for p in stale:
        p.unlink()
    changed = 0
    for target, text in wanted.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text("utf-8") != text:
            target.write_text(text, "utf-8")
            changed += 1
    for d in sorted((d for d in out_dir.rglob("*") if d.is_dir()), reverse=True):
        if not any(d.iterdir()):
            d.rmdir()
    shown = os.path.relpath(out_dir, Path.cwd())
    print(f"{len(wanted)} file(s) in {shown}: {changed} rewritten, {len(stale)} removed", file=sys.stderr)
    return 0


# Keywords that take a parenthesis without being a function call.
NOT_CALLS = {"as", "in", "using", "values", "over", "exists", "options", "and", "or", "not", "on", "from", "join", "by", "with", "into", "table", "view", "then", "when", "else", "select", "where", "row", "all", "distinct"}
# Constructs the equivalence suite must also cover when a model uses them (matched as tokens).
CONSTRUCTS = {
    TokenType.MERGE: "merge",
    TokenType.QUALIFY: "qualify",
    TokenType.OVER: "over",
    TokenType.UNNEST: "unnest",
    TokenType.INTERVAL: "interval",
    TokenType.EXCEPT: "except",
    TokenType.PIVOT: "pivot",
    TokenType.UNPIVOT: "unpivot",
    TokenType.CASE: "case",
    TokenType.L_BRACKET: "[]",
}


def usage(sql: str) -> list[str]:
    """The function names and constructs a GoogleSQL script uses, lowercased, sorted."""
    tokens = BigQuery().tokenize(sql)
    found = set()
    for i, tok in enumerate(tokens):
        if tok.token_type in CONSTRUCTS:
            found.add(CONSTRUCTS[tok.token_type])
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = tokens[i - 1] if i > 0 else None
        if (
            nxt is not None
            and nxt.token_type == TokenType.L_PAREN
            and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", tok.text)
            and tok.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)
            and (prev is None or prev.token_type != TokenType.DOT)
            and tok.text.lower() not in NOT_CALLS
        ):
            found.add(tok.text.lower())
        if tok.token_type == TokenType.INSERT and nxt is not None and nxt.text.lower() == "row":
            found.add("insert row")
    # A `create table x (...)` column list is not a call: its name follows TABLE (or EXISTS).
    for i, tok in enumerate(tokens):
        if i >= 1 and tokens[i - 1].token_type in (TokenType.TABLE, TokenType.EXISTS) and tok.text.lower() in found:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.token_type == TokenType.L_PAREN:
                found.discard(tok.text.lower())
    return sorted(found)


def serve() -> int:
    for line in sys.stdin:
        try:
            request = json.loads(line)
            reply = {"statements": transpile(request["sql"])}
        except TranspileError as e:
            reply = {"error": str(e)}
        except Exception as e:  # a bug here must not kill the adapter's long-lived process
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--sql", type=Path, default=SQL_DIR)
    g.add_argument("--out", type=Path, default=OUT_DIR)
    sub.add_parser("serve")
    u = sub.add_parser("usage")
    u.add_argument("--sql", type=Path, default=SQL_DIR)
    sub.add_parser("transpile")
    args = parser.parse_args(argv)
    if args.command == "generate":
        return generate(args.sql.resolve(), args.out.resolve())
    if args.command == "serve":
        return serve()
    if args.command == "usage":
        files = sql_files(args.sql)
        print(json.dumps({p.relative_to(args.sql).as_posix(): usage(p.read_text("utf-8")) for p in files}, indent=1))
        return 0
    try:
        for s in transpile(sys.stdin.read()):
            print(s["sql"] + ";")
    except TranspileError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
