/**
 * Load: a unit's `_SUCCESS` finalized -> BigQuery, every declared table of the unit:
 *   merge     — the table's NDJSON replaces the unit's rows in its raw landing table, then the MERGE
 *               generated from the declaration runs, all or nothing;
 *   raw       — the table's NDJSON replaces the unit's rows in its raw landing table;
 *   partition — Spark's Parquet overwrites the unit date's partition (`table$YYYYMMDD`);
 *   replace   — like merge, but the target's rows of the unit's key are deleted and the unit's rows
 *               inserted (a keyed unit's full refresh).
 * Job ids come from (source, dataset, unit, generation of _SUCCESS, table): a redelivered event
 * finds its jobs done; a new generation loads again.
 * A Spark day's `_FAILED` (a batch went on past a failed day) records that day's transform as failed
 * and is quarantined with one alert.
 * Here the load ends and the model run begins: every model downstream of the loaded tables is built
 * for the unit's day (plus each model's lookback), then the models' tests and the data-quality checks
 * run. The model run is repeated on a redelivered event (it is idempotent), so a run that failed
 * after its load is finished by the platform's retry.
 */
import type { StageHandler } from '../core/policy.js';
import { slotParams } from '../core/sqlparams.js';
import { mergeSql, rawTableOf, replaceSql } from '../core/table.js';
import { unitWindow } from '../core/units.js';
import { PermanentError } from '../core/errors.js';
import { readModels, readSql } from '../sqlfiles.js';
import { addDays, downstreamOf } from '../core/model.js';
import { buildModels, kstTomorrow } from './models.js';
import type { StageDeps } from './deps.js';
import { jobId } from './objects.js';
import { openObjectEvent } from './object-event.js';
import { reconciliationSql } from './reconcile.js';
import { recordSparkFailure, recordSparkOutcome } from './spark-outcome.js';
import type { Manifest } from './transform.js';

/** The target columns a keyed unit replaces; a unit that names no key of the source is refused. */
function replaceMatch(
  keyOf: (key: string) => Record<string, string | number> | undefined,
  key: string | undefined,
  table: string,
): Record<string, string | number> {
  const match = key === undefined ? undefined : keyOf(key);
  if (!match || Object.keys(match).length === 0)
    throw new PermanentError(
      'LOAD.REPLACE_KEY',
      `${table} is replaced per key; unit key ${JSON.stringify(key)} names none`,
    );
  return match;
}

export function makeLoadHandler(deps: StageDeps): StageHandler {
  return async (event, run) => {
    const work = await openObjectEvent(deps, event, run);
    if ('skip' in work) return work.skip;
    const { def, unit, object } = work;
    if (object.name.endsWith('/_FAILED') && def.transform.kind === 'spark') {
      // A day of a batched Spark run failed (the others went on): the transform's `failed` row for
      // this day, then a permanent error, so the policy keeps the marker and alerts once.
      const error = await recordSparkFailure(deps, run, object);
      throw new PermanentError('SPARK.DAY_FAILED', `spark run failed on ${unit.date}: ${error}`);
    }
    if (!object.name.endsWith('/_SUCCESS'))
      return { status: 'ignored', note: 'table or part file; loads start from _SUCCESS' };
    const window = unitWindow(def.source, def.dataset, unit);
    const base = jobId('load', def, unit, object.generation);
    let manifest: Manifest | undefined;
    // A Spark unit's _SUCCESS is its transform's only report: record that outcome first.
    const spark =
      def.transform.kind === 'spark' ? await recordSparkOutcome(deps, run, object) : undefined;
    if (def.transform.kind === 'rows') {
      try {
        manifest = JSON.parse((await deps.store.read(object)).toString('utf8')) as Manifest;
      } catch {
        throw new PermanentError('LOAD.MANIFEST', `${object.name} is not a manifest`);
      }
    }
    let ran = false;
    let rowsLoaded = 0;
    for (const spec of def.tables) {
      const table = spec.table.name;
      const tableJob = def.tables.length > 1 ? `${base}_${table.replace(/\W/g, '_')}` : base;
      let result;
      if (spec.mode === 'partition') {
        result = await deps.warehouse.overwritePartition({
          ...window,
          object: run.object!,
          jobId: tableJob,
          table,
          partitionField: spec.table.partitionBy!,
        });
      } else {
        const file = manifest?.tables[table];
        if (!file) throw new PermanentError('LOAD.MANIFEST', `${object.name} lists no ${table}`);
        result = await deps.warehouse.mergeSlot({
          ...window,
          object: { bucket: object.bucket, name: file.object, generation: object.generation },
          jobId: tableJob,
          rawTable: rawTableOf(spec.table),
          statements:
            spec.mode === 'raw'
              ? []
              : spec.mode === 'replace'
                ? replaceSql(spec.table, replaceMatch(spec.keyOf, unit.key, table))
                : [mergeSql(spec.table)],
        });
      }
      ran ||= result.ran;
      rowsLoaded += result.rowsLoaded;
    }
    const loaded = def.tables.flatMap((spec) =>
      spec.mode === 'partition'
        ? [spec.table.name]
        : spec.mode === 'raw'
          ? [rawTableOf(spec.table)]
          : [rawTableOf(spec.table), spec.table.name],
    );
    const models = await buildModels(deps.warehouse, downstreamOf(readModels(), loaded), {
      range: { start: window.slotDate, end: addDays(window.slotDate, 1) },
      until: kstTomorrow(deps.clock.now()),
      views: false,
      changed: loaded,
    });
    if (!ran) return { status: 'skipped', note: `job ${base} already ran (duplicate event)` };

    const rowsIn = manifest
      ? Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0)
      : (spark?.rowsOut ?? null);
    const params = slotParams(window);
    const failed: string[] = models.flatMap((m) => m.failures);
    const checks: [string, string][] = [
      ['reconciliation (api = raw = transform input, curated = loaded)', reconciliationSql(def)],
      ...def.checks.map((c): [string, string] => [c, readSql(c)]),
    ];
    for (const [check, sql] of checks) {
      const rows = await deps.warehouse.query(sql, params);
      if (rows.length > 0)
        failed.push(
          `${check} (${rows.length} rows, e.g. ${JSON.stringify(rows[0]).slice(0, 200)})`,
        );
    }
    if (failed.length > 0) {
      await deps.alerts.send({
        severity: 'warning',
        title: `Data-quality check failed: ${def.source}/${def.dataset}`,
        text: `Unit ${run.slotId}:\n${failed.join('\n')}`,
        key: `${def.source}/${def.dataset}/${run.slotId}/checks`,
      });
      return {
        status: 'check_failed',
        rowsIn,
        rowsOut: rowsLoaded,
        note: `${failed.length} check(s) failed`,
      };
    }
    return { status: 'succeeded', rowsIn, rowsOut: rowsLoaded };
  };
}
