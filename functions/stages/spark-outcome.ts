/**
 * The outcome of an asynchronous (Spark) transform, recorded when its `_SUCCESS` lands. The launcher
 * only hands the run to Dataproc (ledger `submitted`); nothing else hears back from the job. The job
 * writes `_SUCCESS` last, as a JSON manifest with the Parquet row count it read back
 * (functions/spark/stock_prices.py), so the load stage, which `_SUCCESS` triggers, records the
 * transform's `succeeded` row with rows_in (raw rows the job read) and rows_out (curated rows), and
 * reconciliation api = raw = curated = loaded holds for Spark units too. A job that failed or was killed
 * never writes `_SUCCESS`: its unit stays `submitted`, which the maintenance sweep alerts on after
 * STUCK_AFTER_S (stages/maintenance.ts).
 */
import { randomUUID } from 'node:crypto';
import type { StorageObjectEvent } from '../core/events.js';
import type { RunContext } from '../core/policy.js';
import type { StageDeps } from './deps.js';

export interface SparkManifest {
  rowsIn: number | null;
  rowsOut: number | null;
}

/** Reads a Spark `_SUCCESS`: a manifest, or empty (a committer's marker: counts unknown). */
export function parseSparkManifest(text: string): SparkManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { rowsIn: null, rowsOut: null };
  }
  const m = (json ?? {}) as { rows_in?: unknown; rows_out?: unknown };
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  return { rowsIn: count(m.rows_in), rowsOut: count(m.rows_out) };
}

/** One transform ledger row for a day of a Spark run (the policy records only the triggering unit's). */
export async function recordSparkDay(
  deps: StageDeps,
  run: RunContext,
  day: {
    slotId: string;
    status: 'submitted' | 'succeeded' | 'failed';
    object: StorageObjectEvent | { bucket: string; name: string; generation: string };
    rowsIn?: number | null;
    rowsOut?: number | null;
    error?: { code: string; message: string };
  },
): Promise<void> {
  const now = new Date(deps.clock.now()).toISOString();
  await deps.ledger.record({
    run_id: randomUUID(),
    source: run.source,
    dataset: run.dataset,
    slot_id: day.slotId,
    stage: 'transform',
    status: day.status,
    object: `gs://${day.object.bucket}/${day.object.name}`,
    generation: day.object.generation,
    content_md5: null,
    rows_in: day.rowsIn ?? null,
    rows_out: day.rowsOut ?? null,
    api_total: null,
    error_code: day.error?.code ?? null,
    error_message: day.error?.message ?? null,
    attempt: 1,
    event_id: run.eventId,
    started_at: now,
    finished_at: now,
    duration_ms: 0,
  });
}

/**
 * A day of a batched Spark run that failed (its folder holds `_FAILED`, a JSON manifest with the
 * error): the transform's `failed` row for that day; returns the error text for the alert.
 */
export async function recordSparkFailure(
  deps: StageDeps,
  run: RunContext,
  marker: StorageObjectEvent,
): Promise<string> {
  let error = 'the Spark job reported this day failed';
  try {
    const m = JSON.parse((await deps.store.read(marker)).toString('utf8')) as { error?: unknown };
    if (typeof m.error === 'string' && m.error) error = m.error.slice(0, 1000);
  } catch {
    // an unreadable marker still means the day failed
  }
  await recordSparkDay(deps, run, {
    slotId: run.slotId,
    status: 'failed',
    object: marker,
    error: { code: 'SPARK.DAY_FAILED', message: error },
  });
  return error;
}

/** Records the Spark transform of this `_SUCCESS` as succeeded (once per generation); returns its counts. */
export async function recordSparkOutcome(
  deps: StageDeps,
  run: RunContext,
  marker: StorageObjectEvent,
): Promise<SparkManifest> {
  const manifest = parseSparkManifest((await deps.store.read(marker)).toString('utf8'));
  const previous = (await deps.ledger.slotStatus(run.source, run.dataset, run.slotId)).transform;
  if (previous === 'succeeded') return manifest; // a redelivered _SUCCESS: already recorded
  await recordSparkDay(deps, run, {
    slotId: run.slotId,
    status: 'succeeded',
    object: marker,
    rowsIn: manifest.rowsIn,
    rowsOut: manifest.rowsOut,
  });
  run.log
    .child({ source: run.source, dataset: run.dataset, slot: run.slotId, stage: 'transform' })
    .info('transform succeeded: spark run wrote _SUCCESS', {
      status: 'succeeded',
      rows_in: manifest.rowsIn,
      rows_out: manifest.rowsOut,
    });
  return manifest;
}
