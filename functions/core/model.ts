/**
 * The model layer, pure part: a model is a GoogleSQL file under sql/{staging,intermediate,core,mart}
 * whose leading comment block carries a header of `-- key: value` lines:
 *
 *   -- grain: one row per listing per trading day
 *   -- materialized: incremental          view | table | incremental
 *   -- strategy: insert_overwrite         merge | insert_overwrite | replace (incremental only)
 *   -- unique_key: base_date, ticker
 *   -- partition_by: base_date
 *   -- cluster_by: market, ticker
 *   -- event_time: base_date              the DATE column @range_start / @range_end bound
 *   -- lookback: 100 days                 history the model reads before the range; a change on day D
 *                                         re-derives D .. D + lookback (the days whose window holds D)
 *   -- tests: unique(base_date, ticker); not_null(base_date, ticker, close); accepted_values(market: KOSPI, KOSDAQ, KONEX); relationships(ticker -> core.stock_prices.ticker)
 *
 * Keys are lowercase; a key this parser does not know (e.g. `dashboard: {...}`) is kept in `extra`
 * and otherwise ignored, so other tools can add their own lines. Capitalised prose lines
 * (`-- Rule: ...`) are not keys. The target is the file's place: sql/<dataset>/[<area>/]<table>.sql.
 * Dependencies are the `dataset.table` names the SQL reads, so the graph needs no declaration.
 */
import { ConfigError } from './errors.js';

export type Materialized = 'view' | 'table' | 'incremental';
export type Strategy = 'merge' | 'insert_overwrite' | 'replace';

export type ModelTest =
  | { kind: 'unique'; columns: string[] }
  | { kind: 'not_null'; columns: string[] }
  | { kind: 'accepted_values'; column: string; values: string[] }
  | { kind: 'relationships'; column: string; parent: string; parentColumn: string };

export interface ModelHeader {
  grain: string;
  materialized: Materialized;
  strategy?: Strategy;
  uniqueKey: string[];
  partitionBy?: string;
  clusterBy: string[];
  eventTime?: string;
  /** Calendar days of history before the range (0 when not declared). */
  lookbackDays: number;
  tests: ModelTest[];
  /** Keys this parser does not know, verbatim (other tools' lines). */
  extra: Record<string, string>;
}

export interface Model extends ModelHeader {
  /** `dataset.table` the model writes. */
  name: string;
  /** Path under sql/. */
  file: string;
  /** `dataset.table` names the SQL reads (its own target excluded). */
  reads: string[];
}

/** Where models live; the first path segment is the target dataset. */
export const MODEL_FOLDERS = ['staging', 'intermediate', 'core', 'mart'] as const;

const KNOWN = new Set([
  'grain',
  'materialized',
  'strategy',
  'unique_key',
  'partition_by',
  'cluster_by',
  'event_time',
  'lookback',
  'tests',
]);

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function parseTest(text: string, file: string): ModelTest {
  const m = /^(\w+)\s*\((.*)\)$/.exec(text.trim());
  if (!m)
    throw new ConfigError(
      'MODEL.HEADER',
      `${file}: test ${JSON.stringify(text)} is not name(args)`,
    );
  const [, kind, args] = m as unknown as [string, string, string];
  switch (kind) {
    case 'unique':
    case 'not_null':
      return { kind, columns: list(args) };
    case 'accepted_values': {
      const [column, values] = args.split(':');
      if (!column || values === undefined)
        throw new ConfigError('MODEL.HEADER', `${file}: accepted_values(column: a, b)`);
      return { kind, column: column.trim(), values: list(values) };
    }
    case 'relationships': {
      const r = /^(\w+)\s*->\s*(\w+\.\w+)\.(\w+)$/.exec(args.trim());
      if (!r)
        throw new ConfigError('MODEL.HEADER', `${file}: relationships(col -> dataset.table.col)`);
      return { kind, column: r[1]!, parent: r[2]!, parentColumn: r[3]! };
    }
    default:
      throw new ConfigError('MODEL.HEADER', `${file}: unknown test ${kind}`);
  }
}

/** The header of a model file (its leading comment block). */
export function parseHeader(sql: string, file: string): ModelHeader {
  const fields: Record<string, string> = {};
  const extra: Record<string, string> = {};
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) {
      if (line.trim() === '') continue;
      break;
    }
    const m = /^--\s*([a-z][a-z0-9_]*):\s?(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    (KNOWN.has(key) ? fields : extra)[key] = value.trim();
  }
  const fail = (why: string) => new ConfigError('MODEL.HEADER', `${file}: ${why}`);
  const materialized = fields.materialized;
  if (materialized !== 'view' && materialized !== 'table' && materialized !== 'incremental')
    throw fail('materialized must be view, table or incremental');
  if (!fields.grain) throw fail('a one-line grain statement is required');
  const strategy = fields.strategy;
  if (strategy !== undefined && !['merge', 'insert_overwrite', 'replace'].includes(strategy))
    throw fail('strategy must be merge, insert_overwrite or replace');
  if (materialized === 'incremental') {
    if (!strategy) throw fail('an incremental model needs a strategy');
    if (!fields.event_time) throw fail('an incremental model needs an event_time');
    if (strategy === 'merge' && !fields.unique_key) throw fail('merge needs a unique_key');
    if (!fields.partition_by) throw fail('an incremental model needs partition_by');
  }
  let lookbackDays = 0;
  if (fields.lookback) {
    const l = /^(\d+)\s+days?\b/.exec(fields.lookback);
    if (!l) throw fail('lookback is `<n> days`');
    lookbackDays = Number(l[1]);
  }
  const header: ModelHeader = {
    grain: fields.grain,
    materialized,
    uniqueKey: list(fields.unique_key),
    clusterBy: list(fields.cluster_by),
    lookbackDays,
    tests: (fields.tests ?? '')
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => parseTest(t, file)),
    extra,
  };
  if (strategy) header.strategy = strategy as Strategy;
  if (fields.partition_by) header.partitionBy = fields.partition_by;
  if (fields.event_time) header.eventTime = fields.event_time;
  return header;
}

const DATASETS = ['raw', 'staging', 'intermediate', 'core', 'meta', 'mart', 'ops'];
const REF = new RegExp(`\\b(${DATASETS.join('|')})\\.([a-z_][a-z0-9_]*)\\b`, 'gi');

/** `dataset.table` names a SQL text reads or writes, comments and string literals ignored. */
export function tableRefs(sql: string): string[] {
  const code = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^'\\]|\\.)*'/g, "''");
  return [
    ...new Set([...code.matchAll(REF)].map((m) => `${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}`)),
  ];
}

/** A model from its path under sql/ and its text. */
export function parseModel(file: string, sql: string): Model {
  const parts = file.split('/');
  const dataset = parts[0]!;
  const name = `${dataset}.${parts.at(-1)!.replace(/\.sql$/, '')}`;
  return {
    ...parseHeader(sql, file),
    name,
    file,
    reads: tableRefs(sql).filter((r) => r !== name),
  };
}

/** Models in dependency order (a model after every model it reads); a cycle is a ConfigError. */
export function orderModels(models: readonly Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Model[] = [];
  const visit = (m: Model, path: string[]) => {
    if (done.has(m.name)) return;
    if (visiting.has(m.name))
      throw new ConfigError(
        'MODEL.CYCLE',
        `models read each other: ${[...path, m.name].join(' -> ')}`,
      );
    visiting.add(m.name);
    for (const r of [...m.reads].sort()) {
      const up = byName.get(r);
      if (up) visit(up, [...path, m.name]);
    }
    visiting.delete(m.name);
    done.add(m.name);
    out.push(m);
  };
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
  return out;
}

/** The models downstream of any of `tables` (transitively), in dependency order. */
export function downstreamOf(models: readonly Model[], tables: readonly string[]): Model[] {
  const reached = new Set(tables);
  const out: Model[] = [];
  for (const m of orderModels(models))
    if (m.reads.some((r) => reached.has(r))) {
      reached.add(m.name);
      out.push(m);
    }
  return out;
}

/**
 * `--select` in dbt's spirit: `name` (a model by table or file stem), `name+` (it and everything
 * downstream), `+name` (it and everything upstream).
 */
export function selectModels(models: readonly Model[], selectors: readonly string[]): Model[] {
  if (selectors.length === 0) return orderModels(models);
  const ordered = orderModels(models);
  const find = (s: string) => {
    const hits = ordered.filter((m) => m.name === s || m.name.split('.')[1] === s);
    if (hits.length === 0) throw new ConfigError('MODEL.SELECT', `no model named ${s}`);
    return hits;
  };
  const chosen = new Set<string>();
  for (const raw of selectors) {
    const down = raw.endsWith('+');
    const up = raw.startsWith('+');
    const roots = find(raw.replace(/^\+|\+$/g, ''));
    for (const r of roots) chosen.add(r.name);
    if (down)
      for (const m of downstreamOf(
        ordered,
        roots.map((r) => r.name),
      ))
        chosen.add(m.name);
    if (up) {
      const stack = [...roots];
      while (stack.length) {
        const m = stack.pop()!;
        for (const r of m.reads) {
          const u = ordered.find((x) => x.name === r);
          if (u && !chosen.has(u.name)) {
            chosen.add(u.name);
            stack.push(u);
          }
        }
      }
    }
  }
  return ordered.filter((m) => chosen.has(m.name));
}

/** A half-open range of dates `[start, end)`, `YYYY-MM-DD`. */
export interface DateRange {
  start: string;
  end: string;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The partitions a model rebuilds when its inputs changed in `changed`: the same days, plus the
 * `lookback` days after them whose window holds a changed day (a corrected day D re-derives the
 * moving averages of D .. D + lookback), never past `until` (exclusive; tomorrow in practice).
 */
export function affectedRange(model: Model, changed: DateRange, until: string): DateRange {
  const end = addDays(changed.end, model.lookbackDays);
  return {
    start: changed.start,
    end: end < until ? end : until > changed.end ? until : changed.end,
  };
}

/** The zero-row queries the header's tests stand for, bounded to the range for partitioned models. */
export function testQueries(model: Model): { name: string; sql: string }[] {
  const bounded =
    model.materialized === 'incremental' && model.partitionBy
      ? `${model.partitionBy} >= @range_start and ${model.partitionBy} < @range_end`
      : 'true';
  return model.tests.map((t) => {
    switch (t.kind) {
      case 'unique':
        return {
          name: `unique(${t.columns.join(', ')})`,
          sql: `select ${t.columns.join(', ')}, count(*) as copies from ${model.name} where ${bounded} group by ${t.columns.join(', ')} having count(*) > 1`,
        };
      case 'not_null':
        return {
          name: `not_null(${t.columns.join(', ')})`,
          sql: `select * from ${model.name} where ${bounded} and (${t.columns.map((c) => `${c} is null`).join(' or ')}) limit 10`,
        };
      case 'accepted_values':
        return {
          name: `accepted_values(${t.column})`,
          sql: `select ${t.column}, count(*) as n from ${model.name} where ${bounded} and ${t.column} not in (${t.values.map((v) => `'${v.replaceAll("'", "\\'")}'`).join(', ')}) group by ${t.column}`,
        };
      case 'relationships':
        return {
          name: `relationships(${t.column} -> ${t.parent}.${t.parentColumn})`,
          sql: `select c.${t.column} from ${model.name} as c where ${bounded.replaceAll(model.partitionBy ?? '\u0000', `c.${model.partitionBy}`)} and c.${t.column} is not null and c.${t.column} not in (select ${t.parentColumn} from ${t.parent}) limit 10`,
        };
    }
  });
}
