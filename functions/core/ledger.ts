/**
 * The run ledger: one row per stage execution in `ops.pipeline_runs`, across every stage, so a slot
 * can be followed from the API call to the core table and counts reconciled (api = raw = curated = loaded).
 */
export type Stage = 'extract' | 'transform' | 'load' | 'check' | 'dead_letter' | 'sweep';

export type RunStatus =
  | 'succeeded'
  | 'empty' // the API had nothing for the slot: a notice, not a failure
  | 'skipped' // duplicate or stale event: nothing to do (excluded from the slot's state)
  | 'expired' // a snapshot event delivered after its period: acknowledged, not run
  | 'partial' // some requests of the unit failed for good; the rest was kept (failures in error_message)
  | 'submitted' // handed to an asynchronous engine (Dataproc)
  | 'retrying' // transient failure, thrown back to the platform
  | 'quarantined' // permanent failure, object moved aside, alerted
  | 'failed' // config failure or retries exhausted
  | 'check_failed';

export interface RunRecord {
  run_id: string;
  source: string;
  dataset: string;
  slot_id: string;
  stage: Stage;
  status: RunStatus;
  object: string | null;
  generation: string | null;
  content_md5: string | null;
  rows_in: number | null;
  rows_out: number | null;
  api_total: number | null;
  error_code: string | null;
  error_message: string | null;
  attempt: number;
  event_id: string | null;
  started_at: string;
  finished_at: string;
  duration_ms: number;
}

/**
 * A slot's latest state per stage (duplicates and stale events, status 'skipped', do not count).
 * GoogleSQL, run by both warehouses' `slotStatus`; parameters @source, @dataset, @slot_id.
 */
export const SLOT_STATUS_SQL = `select stage, status from ops.pipeline_runs
  where source = @source and dataset = @dataset and slot_id = @slot_id and status != 'skipped'
  qualify row_number() over (partition by stage order by finished_at desc, started_at desc) = 1`;

/** The unit reached its end: loaded (checks may have failed), or the API had nothing for it. */
export function isComplete(state: Record<string, string>): boolean {
  return (
    ['succeeded', 'check_failed'].includes(state.load ?? '') ||
    (['empty', 'expired'].includes(state.extract ?? '') && !state.load)
  );
}

/** Started (some stage recorded something) and not complete: a rerun resumes it. */
export function isUnfinished(state: Record<string, string>): boolean {
  return Object.keys(state).length > 0 && !isComplete(state);
}

export function stageStatuses(rows: Record<string, unknown>[]): Record<string, string> {
  return Object.fromEntries(rows.map((r) => [String(r.stage), String(r.status)]));
}

export const LEDGER_COLUMNS: readonly (keyof RunRecord)[] = [
  'run_id',
  'source',
  'dataset',
  'slot_id',
  'stage',
  'status',
  'object',
  'generation',
  'content_md5',
  'rows_in',
  'rows_out',
  'api_total',
  'error_code',
  'error_message',
  'attempt',
  'event_id',
  'started_at',
  'finished_at',
  'duration_ms',
];
