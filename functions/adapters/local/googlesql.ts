/**
 * Mechanical GoogleSQL -> DuckDB translation, so the local warehouse runs the SAME sql/ files as
 * BigQuery. It covers the subset sql/ uses (ZetaSQL validates that subset as GoogleSQL in the tests):
 *   - types (int64, float64, numeric, string, bool, timestamp, array<T>, ...)
 *   - DDL clauses DuckDB lacks (partition by, cluster by, options(...)) are dropped
 *   - raw strings r'..', backticked names, `select * except(...)`, `insert row`
 *   - a few functions with different argument shapes: date(ts, tz), timestamp_trunc(ts, part)
 *   - named parameters @name -> typed literals
 * Same-name functions with different names are bridged by DuckDB macros (see MACROS), not rewrites.
 */
import { SQL_PARAM_TYPES, type SqlParams } from '../../core/sqlparams.js';

/** BigQuery functions DuckDB lacks under that name, defined once per connection. */
export const MACROS = [
  'create or replace macro safe_divide(a, b) as a / nullif(b, 0)',
  'create or replace macro timestamp_seconds(s) as to_timestamp(s)',
  'create or replace macro regexp_contains(s, r) as regexp_matches(s, r)',
  'create or replace macro array_length(a) as len(a)',
  'create or replace macro generate_uuid() as uuid()::varchar',
  'create or replace macro safe_cast_int64(x) as try_cast(x as bigint)',
];

const TYPES: [RegExp, string][] = [
  [/\bint64\b/gi, 'bigint'],
  [/\bfloat64\b/gi, 'double'],
  [/\bbignumeric\b/gi, 'decimal(38,9)'],
  [/\bnumeric\b/gi, 'decimal(38,9)'],
  [/\bstring\b/gi, 'varchar'],
  [/\bbool\b/gi, 'boolean'],
  [/\bbytes\b/gi, 'blob'],
  [/\bdatetime\b/gi, 'timestamp'],
  [/\btimestamp\b(?!\s*\()/gi, 'timestamptz'],
];

/** Splits SQL into code and quoted segments so rewrites never touch string contents. */
function segments(sql: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  let i = 0;
  let start = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      out.push({ code: true, text: sql.slice(start, i) });
      i = end === -1 ? sql.length : end;
      start = i;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const raw = (sql[i - 1] === 'r' || sql[i - 1] === 'R') && !/\w/.test(sql[i - 2] ?? '');
      out.push({ code: true, text: sql.slice(start, raw ? i - 1 : i) });
      let j = i + 1;
      while (j < sql.length && sql[j] !== ch) j += !raw && sql[j] === '\\' ? 2 : 1;
      const body = sql.slice(i + 1, j);
      if (ch === '`') out.push({ code: true, text: `"${body.replaceAll('"', '""')}"` });
      else if (ch === '"') out.push({ code: false, text: `'${body.replaceAll("'", "''")}'` });
      else
        out.push({
          code: false,
          text: raw
            ? `'${body}'`
            : `'${body.replace(/\\(.)/g, (_m, c: string) => (c === "'" ? "''" : c === 'n' ? '\n' : c === '\\' ? '\\' : c))}'`,
        });
      i = j + 1;
      start = i;
      continue;
    }
    i++;
  }
  out.push({ code: true, text: sql.slice(start) });
  return out.filter((s) => s.text !== '');
}

/** Index of the parenthesis closing the one opened at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

/** Splits a call's argument list at top-level commas. */
function args(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '[' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '>') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(inner.slice(start).trim());
  return out;
}

/** Rewrites calls `name(...)` with `rewrite(args)`; works on placeholder-protected text. */
function rewriteCalls(text: string, name: string, rewrite: (a: string[]) => string | null): string {
  const re = new RegExp(`\\b${name}\\s*\\(`, 'gi');
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (/[.\w]$/.test(text.slice(0, m.index))) continue;
    const open = m.index + m[0].length - 1;
    const close = closing(text, open);
    const replaced = rewrite(args(text.slice(open + 1, close)));
    if (replaced === null) continue;
    out += text.slice(last, m.index) + replaced;
    last = close + 1;
    re.lastIndex = close + 1;
  }
  return out + text.slice(last);
}

/** Drops `options(...)` and the partition/cluster clauses of CREATE TABLE. */
function dropDdlClauses(text: string): string {
  let out = text;
  for (let m = /\boptions\s*\(/i.exec(out); m; m = /\boptions\s*\(/i.exec(out)) {
    const open = m.index + m[0].length - 1;
    out = out.slice(0, m.index) + out.slice(closing(out, open) + 1);
  }
  // Table-level clauses only: a window's `partition by` always sits inside `over (...)`.
  const atTopLevel = (m: string, offset: number, whole: string) =>
    insideParens(whole, offset) ? m : '';
  return out
    .replace(/\bpartition\s+by\s+[^;]*?(?=\bcluster\s+by\b|;|$|\bas\s+select\b)/gis, atTopLevel)
    .replace(/\bcluster\s+by\s+[\w\s,]+?(?=;|$|\bas\s+select\b)/gis, atTopLevel);
}

function insideParens(text: string, offset: number): boolean {
  let depth = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
  }
  return depth > 0;
}

function literal(name: string, value: string | Date): string {
  const type = SQL_PARAM_TYPES[name as keyof typeof SQL_PARAM_TYPES];
  if (!type) throw new Error(`unknown SQL parameter @${name}`);
  const text = value instanceof Date ? value.toISOString() : String(value);
  const quoted = `'${text.replaceAll("'", "''")}'`;
  if (type === 'TIMESTAMP') return `timestamptz ${quoted}`;
  if (type === 'DATE') return `date ${quoted}`;
  return quoted;
}

export function toDuckDb(sql: string, params: SqlParams = {}): string {
  // Quoted text is swapped for placeholders so no rewrite below can touch string contents.
  const quoted: string[] = [];
  let t = segments(sql)
    .map((seg) => (seg.code ? seg.text : `\u0001${quoted.push(seg.text) - 1}\u0001`))
    .join('');
  t = t.replace(/@(\w+)/g, (_m, name: string) => {
    const value = params[name as keyof SqlParams];
    if (value === undefined) throw new Error(`SQL parameter @${name} has no value`);
    return literal(name, value);
  });
  t = dropDdlClauses(t);
  t = t.replace(/\barray\s*<\s*(\w+)\s*>/gi, '$1[]');
  for (const [re, to] of TYPES) t = t.replace(re, to);
  t = t.replace(/\bsafe_cast\s*\(/gi, 'try_cast(');
  t = t.replace(/\bcurrent_timestamp\s*\(\s*\)/gi, 'current_timestamp');
  t = t.replace(
    /\bselect(\s+distinct)?\s+(\w+\.)?\*\s+except\s*\(/gi,
    (_m, d: string | undefined, q: string | undefined) => `select${d ?? ''} ${q ?? ''}* exclude (`,
  );
  t = t.replace(/\binsert\s+row\b/gi, 'insert by name');
  t = t.replace(/^(\s*)merge\s+(?!into\b)/gim, '$1merge into ');
  t = t.replace(/^(\s*)insert\s+(?!into\b|by\b)(?=[\w.]+\s*\()/gim, '$1insert into ');
  // GoogleSQL arrays are 0-based through offset(); DuckDB lists are 1-based and yield NULL out of range.
  t = t.replace(
    /\[\s*(?:safe_)?offset\s*\(\s*(\d+)\s*\)\s*\]/gi,
    (_m, n: string) => `[${Number(n) + 1}]`,
  );
  t = t.replace(/\[\s*(?:safe_)?ordinal\s*\(\s*(\d+)\s*\)\s*\]/gi, '[$1]');
  t = rewriteCalls(t, 'date', (a) =>
    a.length === 2 ? `cast(timezone(${a[1]}, ${a[0]}) as date)` : null,
  );
  t = rewriteCalls(t, 'timestamp_trunc', (a) =>
    a.length === 2 ? `date_trunc('${a[1]!.toLowerCase()}', ${a[0]})` : null,
  );
  return t.replace(/\u0001(\d+)\u0001/g, (_m, i: string) => quoted[Number(i)]!);
}

/** Splits a (translated) script into statements at semicolons outside quotes. Comments are already gone. */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';') {
      if (sql.slice(start, i).trim()) out.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (sql.slice(start).trim()) out.push(sql.slice(start).trim());
  return out;
}
