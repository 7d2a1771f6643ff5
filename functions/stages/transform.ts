/**
 * Transform: raw object finalized -> one NDJSON file per declared table in the unit's curated
 * folder, then `_SUCCESS` (a small manifest) last: the load's one trigger. Every row is checked
 * against its table's declaration first: drift quarantines the raw object (with its bodies) and
 * loads nothing. Spark sources instead start an ephemeral cluster run that writes Parquet +
 * `_SUCCESS` into the same folder; a backfill batch (a `_batches/` request object) starts one run
 * for all its days, each day still writing its own folder and `_SUCCESS` (or `_FAILED`).
 */
import { createHash } from 'node:crypto';
import { PermanentError, PipelineError } from '../core/errors.js';
import { decodeStorageEvent, type StorageObjectEvent } from '../core/events.js';
import type { Exchange } from '../core/http.js';
import type { Outcome, RunContext, StageHandler } from '../core/policy.js';
import type { ObjectRef, SparkRun } from '../core/ports.js';
import { parseUnitId, type Unit } from '../core/units.js';
import { getSource } from '../sources/registry.js';
import type { SourceDefinition } from '../sources/types.js';
import { recordSparkDay } from './spark-outcome.js';
import { validateRows } from '../core/table.js';
import type { StageDeps } from './deps.js';
import {
  BATCH_PREFIX,
  curatedFolderName,
  curatedTableName,
  DEFERRED_METADATA,
  NdjsonWriter,
  parseRawObject,
  rawExchanges,
  rawObjectName,
} from './objects.js';
import { openObjectEvent } from './object-event.js';

export interface Manifest {
  unit: string;
  raw_object: string;
  raw_generation: string;
  /** Table name -> curated object name and row count. */
  tables: Record<string, { object: string; rows: number }>;
}

/**
 * A raw object's bytes -> NDJSON bytes and row count per declared table (lineage columns appended).
 * Each table's rows are checked against its declaration (drift throws `<SRC>.SCHEMA_DRIFT`) and
 * encoded as they come: in one batch for the unit, or one exchange at a time when the source's rows
 * depend on each exchange alone (`perExchange`, with the unit-wide `checkUnit` after the last), so a
 * large unit never holds all its rows at once.
 */
export function rowsToNdjson(
  def: SourceDefinition,
  unit: Unit,
  objectName: string,
  bytes: Buffer,
  lineage: Record<string, unknown>,
): { tables: Map<string, { parts: readonly Buffer[]; rows: number }>; rawRows: number } {
  const transform = def.transform;
  if (transform.kind !== 'rows') throw new Error(`${def.source} is not a rows transform`);
  const writers = new Map(def.tables.map(({ table }) => [table.name, new NdjsonWriter(lineage)]));
  const prefix = def.source.toUpperCase();
  let rawRows = 0;
  const summaries: unknown[] = [];
  const take = (exchanges: Exchange[]) => {
    const out = transform.toRows(exchanges, unit);
    rawRows += out.rawRows;
    if (transform.checkUnit) summaries.push(out.summary);
    for (const { table } of def.tables) {
      const rows = out.tables[table.name] ?? [];
      const writer = writers.get(table.name)!;
      validateRows(table, rows, prefix, undefined, writer.rows);
      writer.add(rows);
    }
  };
  if (transform.perExchange) {
    for (const exchange of rawExchanges(objectName, bytes)) take([exchange]);
    transform.checkUnit?.(summaries, unit);
  } else take(parseRawObject(objectName, bytes));
  const tables = new Map<string, { parts: readonly Buffer[]; rows: number }>();
  for (const [name, writer] of writers)
    tables.set(name, { parts: writer.parts(), rows: writer.rows });
  return { tables, rawRows };
}

export function makeTransformHandler(deps: StageDeps): StageHandler {
  return async (event, run) => {
    if (decodeStorageEvent(event).name.startsWith(BATCH_PREFIX))
      return transformBatch(deps, decodeStorageEvent(event), run);
    const work = await openObjectEvent(deps, event, run);
    if ('skip' in work) return work.skip;
    const { def, unit, object } = work;

    if (def.transform.kind === 'spark') {
      // A backfill batch transforms this generation with the other days of its batch.
      if (object.metadata[DEFERRED_METADATA.key] === DEFERRED_METADATA.value)
        return { status: 'skipped', note: 'deferred: a batch run transforms this day' };
      return submitSpark(deps, run, def, [{ unit, raw: object }], false);
    }

    const lineage = {
      _slot_id: unit.id,
      _slot_date: unit.date,
      _raw_object: object.name,
      _raw_generation: object.generation,
    };
    const { tables, rawRows } = rowsToNdjson(
      def,
      unit,
      object.name,
      await deps.store.read(object),
      lineage,
    );
    const curated = deps.store.bucket('curated');
    const manifest: Manifest = {
      unit: unit.id,
      raw_object: object.name,
      raw_generation: object.generation,
      tables: {},
    };
    let rowsOut = 0;
    const digest = createHash('md5');
    for (const { table } of def.tables) {
      const { parts, rows } = tables.get(table.name)!;
      tables.delete(table.name); // written below: let the bytes go before the next table
      const name = curatedTableName(def, unit, table.name);
      await deps.store.write(curated, name, parts, {
        contentType: 'application/x-ndjson',
        metadata: {
          source: def.source,
          dataset: def.dataset,
          slot: run.slotId,
          rows: String(rows),
        },
        skipIfUnchanged: true,
      });
      manifest.tables[table.name] = { object: name, rows };
      rowsOut += rows;
      for (const part of parts) digest.update(part);
    }
    const ref = await deps.store.write(
      curated,
      `${curatedFolderName(def, unit)}/_SUCCESS`,
      JSON.stringify(manifest, null, 1),
      {
        contentType: 'application/json',
        metadata: {
          source: def.source,
          dataset: def.dataset,
          slot: run.slotId,
          rows: String(rowsOut),
          raw_generation: object.generation,
        },
        skipIfUnchanged: true,
      },
    );
    return {
      status: 'succeeded',
      rowsIn: rawRows,
      rowsOut,
      object: ref,
      contentMd5: digest.digest('base64'),
    };
  };
}

/** A day of a Spark run: its unit and the raw generation it transforms. */
interface SparkDay {
  unit: Unit;
  raw: ObjectRef;
}

/** The run for these days: one job, `--date D --output <D's curated folder>` per day, in date order. */
export function buildSparkRun(o: {
  def: SourceDefinition;
  name: string;
  slotId: string;
  rawRoot: string;
  lookbackDays: number;
  days: { date: string; output: string }[];
  batch?: boolean;
}): SparkRun {
  if (o.def.transform.kind !== 'spark')
    throw new PermanentError('SPARK.NOT_SPARK', `${o.def.source} has no Spark transform`);
  const days = [...o.days].sort((a, b) => a.date.localeCompare(b.date));
  return {
    name: o.name,
    source: o.def.source,
    slotId: o.slotId,
    mainPythonFile: o.def.transform.mainPythonFile,
    args: [
      '--raw-root',
      o.rawRoot,
      '--lookback-days',
      String(o.lookbackDays),
      // A batch goes on past a failed day: that day writes _FAILED, the others still load.
      ...(o.batch ? ['--keep-going'] : []),
      ...days.flatMap((d) => ['--date', d.date, '--output', d.output]),
    ],
    labels: {
      pipeline: 'korea-data',
      source: o.def.source,
      slot: days[0]!.date,
      ...(o.batch ? { 'batch-days': String(days.length) } : {}),
      'cost-center': 'data-platform',
    },
  };
}

/**
 * Claims every day's raw generation, then submits ONE run for the days it claimed.
 * A cluster run is expensive: each generation is claimed create-only BEFORE submitting, so a
 * redelivered event (even one delivered concurrently, or after the run finished), or a batch and a
 * single-day event for the same generation, never start a second cluster for it. A new generation
 * (a rerun with `backfill --force`) gets a new claim. A submit that fails with a transient or
 * configuration error releases the claims it took before the error goes to the policy, so the
 * platform's retry, or a replay of the dead letter, can submit again instead of skipping forever. A
 * timeout that did reach Dataproc is harmless to retry: the request id derives from the run name and
 * is de-duplicated.
 */
async function submitSpark(
  deps: StageDeps,
  run: RunContext,
  def: SourceDefinition,
  days: SparkDay[],
  batch: boolean,
): Promise<Outcome> {
  const claimed: { day: SparkDay; claim: ObjectRef }[] = [];
  for (const day of days) {
    const claim = await deps.store.write(
      day.raw.bucket,
      `_claims/transform/${day.raw.name}#${day.raw.generation}`,
      run.eventId,
      { contentType: 'text/plain', ifAbsent: true },
    );
    if (claim.written) claimed.push({ day, claim });
  }
  if (claimed.length === 0)
    return {
      status: 'skipped',
      note: batch
        ? `every day of the batch already has a spark run (${days.length} day(s))`
        : `spark run for generation ${days[0]!.raw.generation} already started`,
    };
  const first = claimed[0]!.day.unit.date.replaceAll('-', '');
  const last = claimed.at(-1)!.day.unit.date.replaceAll('-', '');
  const hash = createHash('sha256')
    .update(`${run.slotId}/${claimed.map((c) => c.day.raw.generation).join(',')}`)
    .digest('hex')
    .slice(0, 6);
  const name = `${def.source}-${first}${batch ? `-${last}` : ''}-${hash}`.replace(
    /[^a-z0-9-]/g,
    '-',
  );
  const sparkRun = buildSparkRun({
    def,
    name,
    slotId: run.slotId,
    rawRoot: deps.store.uri(deps.store.bucket('raw'), `${def.source}/${def.dataset}`),
    lookbackDays: deps.config.lookbackDays,
    batch,
    days: claimed.map(({ day }) => ({
      date: day.unit.date,
      output: deps.store.uri(deps.store.bucket('curated'), curatedFolderName(def, day.unit)),
    })),
  });
  // A batch's days are each `submitted` in the ledger (the sweep's "stuck" alert covers a day whose
  // job never reports), recorded before the run so a fast local run's _SUCCESS lands after them.
  if (batch)
    for (const { day } of claimed)
      await recordSparkDay(deps, run, {
        slotId: day.unit.id,
        status: 'submitted',
        object: day.raw,
      });
  let operation: string;
  try {
    ({ operation } = await deps.clusters.submit(sparkRun));
  } catch (error) {
    // A permanent failure keeps the claims: the job ran and failed on its input (local Spark), or
    // the request can never run; only a new generation runs again.
    if (!(error instanceof PipelineError && error.kind === 'permanent')) {
      for (const { claim } of claimed) await deps.store.remove(claim);
      throw error;
    }
    if (!batch) throw error;
    // A batch's days report for themselves: each wrote _SUCCESS (loaded) or _FAILED (a ledger row
    // and an alert per day, from the load stage), so the batch is `partial`, not one more alert.
    return {
      status: 'partial',
      error: { code: error.code, message: error.message },
      note: `spark batch run ${name}: ${claimed.length} day(s), some failed (their _FAILED)`,
    };
  }
  return {
    // The batch request itself is done once handed over: its days carry `submitted` (a batch row
    // left `submitted` would look stuck to the sweep forever).
    status: batch ? 'succeeded' : 'submitted',
    note: batch
      ? `spark batch run ${name} (${operation}) for ${claimed.length} day(s): ${claimed.map((c) => c.day.unit.date).join(', ')}`
      : `spark run ${name} (${operation})`,
  };
}

/** A batch request object: one Spark run for the days it lists whose raw object exists. */
async function transformBatch(
  deps: StageDeps,
  object: StorageObjectEvent,
  run: RunContext,
): Promise<Outcome> {
  run.object = { bucket: object.bucket, name: object.name, generation: object.generation };
  run.slotId = `batch=${object.name.slice(object.name.lastIndexOf('/') + 1).replace(/\.json$/, '')}`;
  const current = await deps.store.stat(object.bucket, object.name);
  if (!current || BigInt(current.generation) > BigInt(object.generation))
    return { status: 'skipped', note: 'stale batch request: a newer one exists (or none)' };
  let request: { source?: unknown; slots?: unknown };
  try {
    request = JSON.parse((await deps.store.read(object)).toString('utf8')) as typeof request;
  } catch {
    throw new PermanentError('BATCH.NOT_JSON', `${object.name} is not a batch request`);
  }
  const def = getSource(String(request.source));
  run.source = def.source;
  run.dataset = def.dataset;
  if (def.transform.kind !== 'spark' || !Array.isArray(request.slots))
    throw new PermanentError(
      'BATCH.SHAPE',
      `${object.name}: a batch lists slots of a Spark source`,
    );
  const days: SparkDay[] = [];
  const missing: string[] = [];
  for (const slot of request.slots) {
    const unit = parseUnitId(String(slot));
    const raw = await deps.store.stat(deps.store.bucket('raw'), rawObjectName(def, unit));
    if (raw) days.push({ unit, raw });
    else missing.push(unit.date); // its extract found no data (or failed, and said so)
  }
  days.sort((a, b) => a.unit.date.localeCompare(b.unit.date));
  if (days.length === 0) return { status: 'skipped', note: 'no day of the batch has a raw object' };
  const outcome = await submitSpark(deps, run, def, days, true);
  return missing.length
    ? { ...outcome, note: `${outcome.note}; no raw object for ${missing.join(', ')}` }
    : outcome;
}
