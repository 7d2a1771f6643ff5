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

/**
 * Transient failures already recorded for one event at one stage. Eventarc's CloudEvents carry no
 * delivery attempt, so the policy counts them: attempt = this count + 1 (the row of a redelivery of
 * the same event id is what makes MAX_ATTEMPTS mean something on Google Cloud).
 * GoogleSQL; parameters @event_id, @stage.
 */
export const EVENT_ATTEMPTS_SQL = `select count(*) as retries from ops.pipeline_runs
  where event_id = @event_id and stage = @stage and status = 'retrying'`;

/**
 * One unit and stage: the latest row of every status (skips excluded), newest first once sorted.
 * The policy reads the unit's previous state and the run id of its last success (the episode a
 * failure or a recovery alert belongs to) from it. GoogleSQL; @source, @dataset, @slot_id, @stage.
 */
export const STAGE_EPISODE_SQL = `select status, run_id, finished_at from ops.pipeline_runs
  where source = @source and dataset = @dataset and slot_id = @slot_id and stage = @stage
    and status != 'skipped'
  qualify row_number() over (partition by status order by finished_at desc, started_at desc) = 1`;

/**
 * Every unit and stage whose latest row is `submitted` (handed to Dataproc) or `retrying`: the
 * maintenance sweep alerts on those older than STUCK_AFTER_S, so a Spark job that never wrote its
 * `_SUCCESS` (failed, killed) or an event whose retries stopped can be told from one still running.
 */
export const UNFINISHED_SQL = `select source, dataset, slot_id, stage, status, run_id, object, finished_at
  from ops.pipeline_runs
  where status != 'skipped'
  qualify row_number() over (partition by source, dataset, slot_id, stage order by finished_at desc, started_at desc) = 1
    and status in ('submitted', 'retrying')`;

export interface Episode {
  /** Latest non-skipped status of the unit's stage, if any. */
  previous: string | undefined;
  /** run_id of the unit's latest success at this stage ('never' before the first one). */
  lastSuccess: string;
}

/** A ledger timestamp as epoch ms: DuckDB answers a Date, BigQuery an ISO string. */
export function ledgerTime(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}

export function episodeOf(rows: Record<string, unknown>[]): Episode {
  const at = (r: Record<string, unknown>) => ledgerTime(r.finished_at);
  const sorted = [...rows].sort((a, b) => at(b) - at(a));
  const ok = sorted.find((r) => r.status === 'succeeded');
  return {
    previous: sorted[0] ? String(sorted[0].status) : undefined,
    lastSuccess: ok ? String(ok.run_id) : 'never',
  };
}
