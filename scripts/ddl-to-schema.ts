/**
 * sql/ddl/*.sql is the one source of truth for table shapes. This script turns those GoogleSQL
 * `create table` statements into the BigQuery JSON schemas (plus partitioning, clustering and
 * options) that terraform/modules/warehouse reads, so Terraform and the SQL can never disagree.
 *
 *   npx tsx scripts/ddl-to-schema.ts            # regenerate terraform/modules/warehouse/schemas/
 *   npx tsx scripts/ddl-to-schema.ts --check    # exit 1 when the committed files are stale
 *   npx tsx scripts/ddl-to-schema.ts --ddl DIR --out DIR
 *
 * Supported shape (one column per line):
 *   create table [if not exists] <dataset>.<table> (
 *     <col> <type> [not null] [options(description = '...')],
 *     ...
 *   )
 *   [partition by <col> | date(<col>) | timestamp_trunc(<col>, hour|day|month|year)
 *                | date_trunc(<col>, month|year) | _partitiondate]
 *   [cluster by <col>, ...]
 *   [options (require_partition_filter = true, partition_expiration_days = N, description = '...')];
 * Types: string, bytes, int64, float64, numeric, bignumeric, bool, date, datetime, time, timestamp,
 * json, geography, array<scalar>. Anything else is an error naming the file and line, never a guess.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface SchemaField {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  description?: string;
}

export interface TableSpec {
  dataset: string;
  table: string;
  /** Where it came from, relative to the DDL folder (for messages and the generated header). */
  ddlFile: string;
  description: string | null;
  timePartitioning: {
    type: 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';
    field: string | null;
    expirationDays: number | null;
  } | null;
  clustering: string[];
  requirePartitionFilter: boolean;
  schema: SchemaField[];
}

export class DdlError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'DdlError';
  }
}

/**
 * BigQuery's API answers with the legacy type names; writing those keeps `terraform plan` free of
 * a perpetual INT64 -> INTEGER diff.
 */
const TYPES: Readonly<Record<string, string>> = {
  string: 'STRING',
  bytes: 'BYTES',
  int64: 'INTEGER',
  float64: 'FLOAT',
  numeric: 'NUMERIC',
  bignumeric: 'BIGNUMERIC',
  bool: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
  geography: 'GEOGRAPHY',
};

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';

/** Removes `--` comments outside string literals, keeping line numbers. */
function stripComments(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let quote: string | null = null;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
          if (c === '\\') i++;
          else if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '-' && line[i + 1] === '-') return line.slice(0, i);
        else if (c === '#') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

function unquote(value: string): string {
  const v = value.trim();
  if ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"'))) {
    return v.slice(1, -1).replace(/\\(['"\\])/g, '$1');
  }
  return v;
}

/** Splits `a = 1, b = 'x, y'` on top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\') {
        current += c + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '<' || c === '[') depth++;
    else if (c === ')' || c === '>' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseOptions(text: string, file: string, line: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of splitTopLevel(text)) {
    const m = new RegExp(`^(${IDENT})\\s*=\\s*([\\s\\S]+)$`).exec(part);
    if (!m) throw new DdlError(file, line, `cannot read option ${JSON.stringify(part)}`);
    out[(m[1] as string).toLowerCase()] = unquote(m[2] as string);
  }
  return out;
}

/** Index of the `)` closing the `(` at `open`, skipping string literals. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function parseColumn(def: string, file: string, line: number): SchemaField {
  const m = new RegExp(`^\`?(${IDENT})\`?\\s+(.+)$`, 's').exec(def.trim());
  if (!m) throw new DdlError(file, line, `cannot read column ${JSON.stringify(def.trim())}`);
  const name = m[1] as string;
  let rest = (m[2] as string).trim();
  let description: string | undefined;
  const opt = /\boptions\s*\(/i.exec(rest);
  if (opt) {
    const open = opt.index + opt[0].length - 1;
    const close = closingParen(rest, open);
    if (close < 0) throw new DdlError(file, line, `unclosed options on column ${name}`);
    description = parseOptions(rest.slice(open + 1, close), file, line).description;
    rest = (rest.slice(0, opt.index) + rest.slice(close + 1)).trim();
  }
  let mode: SchemaField['mode'] = 'NULLABLE';
  const notNull = /\s+not\s+null$/i.exec(rest);
  if (notNull) {
    mode = 'REQUIRED';
    rest = rest.slice(0, notNull.index).trim();
  }
  const typeText = rest.toLowerCase().replace(/\s+/g, '');
  let type: string | undefined;
  const array = /^array<(.+)>$/.exec(typeText);
  if (array) {
    // BigQuery stores NULL arrays as empty: REPEATED, whatever `not null` said.
    type = TYPES[array[1] as string];
    mode = 'REPEATED';
  } else {
    // Parameterised types (string(10), numeric(10,2)) keep their base type in the JSON schema.
    type = TYPES[typeText.replace(/\(.*\)$/, '')];
  }
  if (!type)
    throw new DdlError(file, line, `column ${name}: unsupported type ${JSON.stringify(rest)}`);
  return { name, type, mode, ...(description ? { description } : {}) };
}

function parsePartition(
  expr: string,
  schema: SchemaField[],
  file: string,
  line: number,
): NonNullable<TableSpec['timePartitioning']> {
  const e = expr.trim().toLowerCase().replace(/\s+/g, '');
  const typeOf = (col: string): string | undefined =>
    schema.find((f) => f.name.toLowerCase() === col)?.type;
  const nameOf = (col: string): string =>
    schema.find((f) => f.name.toLowerCase() === col)?.name ?? col;
  if (e === '_partitiondate' || e === 'date(_partitiontime)')
    return { type: 'DAY', field: null, expirationDays: null };
  let m = new RegExp(`^(${IDENT})$`, 'i').exec(e);
  if (m) {
    const t = typeOf(m[1] as string);
    if (t !== 'DATE' && t !== 'TIMESTAMP' && t !== 'DATETIME') {
      throw new DdlError(
        file,
        line,
        `partition column ${m[1]} must be a DATE/TIMESTAMP/DATETIME column of the table`,
      );
    }
    return { type: 'DAY', field: nameOf(m[1] as string), expirationDays: null };
  }
  m = new RegExp(`^date\\((${IDENT})\\)$`, 'i').exec(e);
  if (m) {
    if (!typeOf(m[1] as string))
      throw new DdlError(file, line, `partition column ${m[1]} is not a column of the table`);
    return { type: 'DAY', field: nameOf(m[1] as string), expirationDays: null };
  }
  m = new RegExp(
    `^(?:timestamp|datetime|date)_trunc\\((${IDENT}),(hour|day|month|year)\\)$`,
    'i',
  ).exec(e);
  if (m) {
    if (!typeOf(m[1] as string))
      throw new DdlError(file, line, `partition column ${m[1]} is not a column of the table`);
    return {
      type: (m[2] as string).toUpperCase() as 'HOUR' | 'DAY' | 'MONTH' | 'YEAR',
      field: nameOf(m[1] as string),
      expirationDays: null,
    };
  }
  throw new DdlError(file, line, `unsupported partition expression ${JSON.stringify(expr.trim())}`);
}

/** Parses every `create table` statement of one DDL file. */
export function parseDdl(text: string, file: string): TableSpec[] {
  const clean = stripComments(text);
  const specs: TableSpec[] = [];
  const head = new RegExp(
    `create\\s+(?:or\\s+replace\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?\`?(${IDENT})\\.(${IDENT})\`?\\s*\\(`,
    'gi',
  );
  let m: RegExpExecArray | null;
  while ((m = head.exec(clean))) {
    const dataset = m[1] as string;
    const table = m[2] as string;
    const open = m.index + m[0].length - 1;
    const close = closingParen(clean, open);
    if (close < 0)
      throw new DdlError(file, lineAt(clean, open), `unclosed column list of ${dataset}.${table}`);
    const schema: SchemaField[] = [];
    // One column per line: a comma inside a line (numeric(10, 2), options) never splits a column.
    const bodyStartLine = lineAt(clean, open);
    clean
      .slice(open + 1, close)
      .split('\n')
      .forEach((raw, i) => {
        const def = raw.trim().replace(/,$/, '').trim();
        if (def) schema.push(parseColumn(def, file, bodyStartLine + i));
      });
    const names = new Set<string>();
    for (const f of schema) {
      if (names.has(f.name.toLowerCase()))
        throw new DdlError(file, bodyStartLine, `${dataset}.${table}: column ${f.name} twice`);
      names.add(f.name.toLowerCase());
    }
    const end = clean.indexOf(';', close);
    const tail = clean.slice(close + 1, end < 0 ? undefined : end);
    const tailLine = lineAt(clean, close);
    head.lastIndex = end < 0 ? clean.length : end;

    let timePartitioning: TableSpec['timePartitioning'] = null;
    let clustering: string[] = [];
    let options: Record<string, string> = {};
    const optionsAt = /\boptions\s*\(/i.exec(tail);
    if (optionsAt) {
      const o = optionsAt.index + optionsAt[0].length - 1;
      const c = closingParen(tail, o);
      if (c < 0) throw new DdlError(file, tailLine, `unclosed options of ${dataset}.${table}`);
      options = parseOptions(tail.slice(o + 1, c), file, tailLine);
    }
    const clauses = (optionsAt ? tail.slice(0, optionsAt.index) : tail).replace(/\s+/g, ' ').trim();
    const part = /partition by (.+?)(?= cluster by |$)/i.exec(clauses);
    if (part) timePartitioning = parsePartition(part[1] as string, schema, file, tailLine);
    const cluster = /cluster by (.+?)(?= partition by |$)/i.exec(clauses);
    if (cluster) {
      clustering = splitTopLevel(cluster[1] as string).map((c) => {
        const field = schema.find((f) => f.name.toLowerCase() === c.toLowerCase());
        if (!field)
          throw new DdlError(
            file,
            tailLine,
            `${dataset}.${table}: cluster column ${c} is not a column`,
          );
        return field.name;
      });
      if (clustering.length > 4)
        throw new DdlError(
          file,
          tailLine,
          `${dataset}.${table}: BigQuery allows at most 4 cluster columns`,
        );
    }
    const leftover = clauses
      .replace(/partition by .+?(?= cluster by |$)/i, '')
      .replace(/cluster by .+?(?= partition by |$)/i, '')
      .trim();
    if (leftover)
      throw new DdlError(
        file,
        tailLine,
        `${dataset}.${table}: cannot read ${JSON.stringify(leftover)}`,
      );

    const known = new Set([
      'require_partition_filter',
      'partition_expiration_days',
      'description',
      'labels',
    ]);
    for (const key of Object.keys(options)) {
      if (!known.has(key))
        throw new DdlError(file, tailLine, `${dataset}.${table}: unsupported table option ${key}`);
    }
    const requirePartitionFilter =
      (options.require_partition_filter ?? 'false').toLowerCase() === 'true';
    if (requirePartitionFilter && !timePartitioning) {
      throw new DdlError(
        file,
        tailLine,
        `${dataset}.${table}: require_partition_filter without partition by`,
      );
    }
    if (timePartitioning && options.partition_expiration_days !== undefined) {
      const days = Number(options.partition_expiration_days);
      if (!Number.isFinite(days) || days <= 0)
        throw new DdlError(file, tailLine, `${dataset}.${table}: bad partition_expiration_days`);
      timePartitioning.expirationDays = days;
    }
    specs.push({
      dataset,
      table,
      ddlFile: file,
      description: options.description ?? null,
      timePartitioning,
      clustering,
      requirePartitionFilter,
      schema,
    });
  }
  if (specs.length === 0 && clean.trim())
    throw new DdlError(file, 1, 'no create table statement found');
  return specs;
}

/** The generated files: name -> content. One JSON file per table, `<dataset>.<table>.json`. */
export function renderSchemas(specs: TableSpec[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const s of [...specs].sort((a, b) =>
    `${a.dataset}.${a.table}`.localeCompare(`${b.dataset}.${b.table}`),
  )) {
    const name = `${s.dataset}.${s.table}.json`;
    if (files.has(name))
      throw new Error(`${s.dataset}.${s.table} is defined twice (second time in ${s.ddlFile})`);
    const body = {
      _generated: `from sql/ddl/${s.ddlFile} by scripts/ddl-to-schema.ts; do not edit`,
      dataset: s.dataset,
      table: s.table,
      description: s.description,
      time_partitioning: s.timePartitioning
        ? {
            type: s.timePartitioning.type,
            field: s.timePartitioning.field,
            expiration_days: s.timePartitioning.expirationDays,
          }
        : null,
      clustering: s.clustering,
      require_partition_filter: s.requirePartitionFilter,
      schema: s.schema,
    };
    files.set(name, `${JSON.stringify(body, null, 2)}\n`);
  }
  return files;
}

/** Reads every `*.sql` of a folder (sorted) into table specs. */
export function readDdlDir(dir: string): TableSpec[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.sql'))
      .sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => parseDdl(readFileSync(path.join(dir, n), 'utf8'), n));
}

/** Current generated files of an output folder (only the `*.json` this script owns). */
export function readSchemaDir(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  try {
    for (const n of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort())
      files.set(n, readFileSync(path.join(dir, n), 'utf8'));
  } catch {
    // missing folder = no tables
  }
  return files;
}

/** Human-readable differences between what the DDL says and what is committed; empty when in sync. */
export function diffSchemas(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, content] of expected) {
    if (!actual.has(name)) problems.push(`missing ${name}`);
    else if (actual.get(name) !== content) problems.push(`stale ${name}`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) problems.push(`no DDL for ${name}`);
  return problems;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DDL_DIR = path.join(ROOT, 'sql', 'ddl');
export const DEFAULT_SCHEMA_DIR = path.join(ROOT, 'terraform', 'modules', 'warehouse', 'schemas');

export function main(argv: string[]): number {
  const arg = (flag: string, fallback: string): string => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1] as string) : fallback;
  };
  const ddlDir = arg('--ddl', DEFAULT_DDL_DIR);
  const outDir = arg('--out', DEFAULT_SCHEMA_DIR);
  const expected = renderSchemas(readDdlDir(ddlDir));
  const actual = readSchemaDir(outDir);
  if (argv.includes('--check')) {
    const problems = diffSchemas(expected, actual);
    if (problems.length === 0) return 0;
    console.error(
      `${outDir} is out of sync with ${ddlDir}:\n  ${problems.join('\n  ')}\nrun: npx tsx scripts/ddl-to-schema.ts`,
    );
    return 1;
  }
  mkdirSync(outDir, { recursive: true });
  for (const name of actual.keys()) if (!expected.has(name)) rmSync(path.join(outDir, name));
  for (const [name, content] of expected) writeFileSync(path.join(outDir, name), content);
  console.log(
    `${expected.size} table schema(s) written to ${path.relative(process.cwd(), outDir) || '.'}`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
