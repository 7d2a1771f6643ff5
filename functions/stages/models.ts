/**
 * The model runner: builds models (sql/{staging,intermediate,core,mart}, see core/model.ts) in
 * dependency order through the Warehouse port.
 *   view         `create or replace view` (the file), when views are asked for
 *   table        the file (`create or replace table ... as`), whole
 *   incremental  the file with @range_start / @range_end: the partitions it rebuilds (insert_overwrite)
 *                or may touch (merge), in one transaction; it reads only those partitions plus its
 *                declared lookback of history
 * After a load the range is the unit's days; each model widens it by its lookback (the later days whose
 * window holds a changed day) and hands the widened range on to the models reading it.
 * Then the header's tests run, bounded to the same range.
 */
import { ConfigError } from '../core/errors.js';
import { addDays, affectedRange, testQueries, type DateRange, type Model } from '../core/model.js';
import type { Warehouse } from '../core/ports.js';

/** The range of a full build: every partition (the models' predicates still bound every read). */
export const ALL_HISTORY_START = '1970-01-01';

export interface BuildOptions {
  /** Changed days; undefined = all history. */
  range?: DateRange;
  /** First day not to build (tomorrow, KST): a lookback never reaches past it. */
  until: string;
  /** Recreate views (and `table` models). The build after a load leaves them be. */
  views: boolean;
  /** Drop and recreate the tables the models own (sql/ddl/models/) before building them. */
  fullRefresh?: boolean;
  /** Tables that changed before the run (the loaded ones): models reading them get `range`. */
  changed?: readonly string[];
  log?: (line: string) => void;
}

export interface ModelRun {
  model: string;
  materialized: string;
  range: DateRange | null;
  ms: number;
  /** Tests that returned rows: `name: n rows`. */
  failures: string[];
}

function union(a: DateRange | undefined, b: DateRange): DateRange {
  if (!a) return b;
  return { start: a.start < b.start ? a.start : b.start, end: a.end > b.end ? a.end : b.end };
}

/** Builds `models` (already in dependency order) and runs their tests. */
export async function buildModels(
  warehouse: Warehouse,
  models: readonly Model[],
  options: BuildOptions,
  ownedDdl: (model: Model) => string | undefined = () => undefined,
): Promise<ModelRun[]> {
  const full: DateRange = { start: ALL_HISTORY_START, end: options.until };
  const built = new Map<string, DateRange>();
  const runs: ModelRun[] = [];
  for (const model of models) {
    if (model.materialized === 'view' && !options.views) continue;
    const started = Date.now();
    let range: DateRange | null = null;
    if (model.materialized === 'incremental') {
      let input: DateRange | undefined;
      if (!options.range) input = full;
      else {
        for (const r of model.reads) {
          const up = built.get(r);
          if (up) input = union(input, up);
          else if (!options.changed || options.changed.includes(r))
            input = union(input, options.range);
        }
        input ??= options.range;
      }
      range = affectedRange(model, input, options.until);
      if (range.start >= range.end) continue;
      built.set(model.name, range);
      if (options.fullRefresh) {
        const ddl = ownedDdl(model);
        if (ddl) {
          await warehouse.query(`drop table if exists ${model.name}`);
          await warehouse.runSqlFiles([ddl], {});
        }
      }
      await warehouse.runModel(model.file, { range_start: range.start, range_end: range.end });
    } else if (model.materialized === 'table' || model.materialized === 'view') {
      await warehouse.runSqlFiles([model.file], {});
    }
    const params: Record<string, string> = range
      ? { range_start: range.start, range_end: range.end }
      : {};
    const failures: string[] = [];
    for (const t of testQueries(model)) {
      const rows = await warehouse.query(t.sql, params);
      if (rows.length > 0)
        failures.push(
          `${model.name} ${t.name}: ${rows.length} row(s), e.g. ${JSON.stringify(rows[0]).slice(0, 160)}`,
        );
    }
    const run = {
      model: model.name,
      materialized: model.materialized,
      range,
      ms: Date.now() - started,
      failures,
    };
    options.log?.(
      `${run.model} (${run.materialized}${range ? ` ${range.start}..${addDays(range.end, -1)}` : ''}) ${run.ms} ms${failures.length ? `, ${failures.length} test(s) failed` : ''}`,
    );
    runs.push(run);
  }
  return runs;
}

/** `YYYY-MM-DD` for a `--from` / `--to` value (a KST date). */
export function parseDay(value: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || addDays(value, 0) !== value)
    throw new ConfigError('MODEL.RANGE', `${what} must be a date YYYY-MM-DD, got ${value}`);
  return value;
}

/** Tomorrow's KST date: the first day no build reaches. */
export function kstTomorrow(now: number): string {
  return addDays(new Date(now + 9 * 3600_000).toISOString().slice(0, 10), 1);
}
