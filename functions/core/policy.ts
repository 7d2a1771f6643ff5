/**
 * The one error policy, applied to every entry point at registration:
 *   success            -> one ledger row, one log line (and one recovery alert if the unit had failed)
 *   TransientError     -> ledger "retrying", rethrow so the platform retries with backoff;
 *                         once the attempt budget or the maximum event age is spent: dead-letter
 *                         object + one alert + acknowledge (replayable with `pipeline replay`)
 *   PermanentError     -> keep what was rejected in quarantine (the object, or the API's redacted
 *                         answer), one alert, acknowledge
 *   ConfigError        -> keep the API's answer when there is one, one alert, acknowledge (the data
 *                         is fine; fix the setting, then replay)
 * The ledger says `quarantined` only when something was kept, and names it; otherwise `failed`.
 *
 * Attempts: Pub/Sub push deliveries may say which attempt they are; Eventarc's CloudEvents do not,
 * so without one the attempt is counted from the ledger (`retrying` rows of this event id + 1).
 * Alerts: one per failed unit and episode (the unit's failure since its last success, read from the
 * ledger), one recovery; core/alerting.ts makes "one" hold across instances.
 */
import { createHash, randomUUID } from 'node:crypto';
import { classify } from './errors.js';
import type { CloudEventLike } from './events.js';
import {
  EVENT_ATTEMPTS_SQL,
  episodeOf,
  STAGE_EPISODE_SQL,
  type Episode,
  type RunRecord,
  type RunStatus,
  type Stage,
} from './ledger.js';
import { traceFromHeader, type Logger } from './log.js';
import type { Alerts, Clock, Ledger, ObjectRef, ObjectStore } from './ports.js';

/** What a handler learns about its unit of work; filled in as it goes so failures are attributed. */
export interface RunContext {
  stage: Stage;
  source: string;
  dataset: string;
  slotId: string;
  object: ObjectRef | null;
  attempt: number;
  eventId: string;
  log: Logger;
}

export interface Outcome {
  /** `ignored`: not this stage's business (e.g. a Parquet part file); logged, not written to the ledger. */
  status: RunStatus | 'ignored';
  rowsIn?: number | null;
  rowsOut?: number | null;
  apiTotal?: number | null;
  contentMd5?: string | null;
  /** The object the stage produced or consumed, when different from the triggering one. */
  object?: ObjectRef | null;
  note?: string;
  /** A partial outcome's failures (the ledger's error_code / error_message). */
  error?: { code: string; message: string };
}

export type StageHandler = (event: CloudEventLike, run: RunContext) => Promise<Outcome>;

export interface PolicyDeps {
  store: ObjectStore;
  ledger: Ledger;
  alerts: Alerts;
  log: Logger;
  clock: Clock;
  /** Attempts before an event is dead-lettered (reported by the platform, or counted in the ledger). */
  maxAttempts: number;
  /** Events older than this are dead-lettered instead of retried (gen2 retries last up to 24 h). */
  maxEventAgeMs: number;
  /** Project of Cloud Trace ids: a CloudEvent's `traceparent` becomes `projects/<p>/traces/<id>` in logs. */
  traceProject?: string;
  /** Where `pipeline replay` must act for this deployment: alerts print the command to run. */
  replayTarget?: 'local' | 'gcp';
}

export interface Delivery {
  /** The platform's delivery attempt, when it reports one; otherwise counted in the ledger. */
  attempt?: number;
}

/** The command an alert prints to replay a dead letter (accepts the gs:// name as printed). */
export function replayCommand(letter: ObjectRef, target: 'local' | 'gcp' = 'local'): string {
  return `pipeline replay --dead-letter gs://${letter.bucket}/${letter.name}${target === 'gcp' ? ' --target gcp' : ''}`;
}

export function withErrorPolicy(stage: Stage, deps: PolicyDeps, handler: StageHandler) {
  return async (event: CloudEventLike, delivery: Delivery = {}): Promise<void> => {
    const started = deps.clock.now();
    const run: RunContext = {
      stage,
      source: 'unknown',
      dataset: 'unknown',
      slotId: 'unknown',
      object: null,
      attempt: delivery.attempt ?? 1,
      eventId: String(event?.id ?? 'unknown'),
      log: deps.log.child(
        { stage },
        traceFromHeader(
          typeof event?.traceparent === 'string' ? event.traceparent : undefined,
          deps.traceProject,
        ),
      ),
    };
    const record = async (
      status: RunStatus,
      outcome: Partial<Omit<Outcome, 'status'>> = {},
      error?: { code: string; message: string },
    ) => {
      const finished = deps.clock.now();
      const object = outcome.object ?? run.object;
      const row: RunRecord = {
        run_id: randomUUID(),
        source: run.source,
        dataset: run.dataset,
        slot_id: run.slotId,
        stage,
        status,
        object: object ? `gs://${object.bucket}/${object.name}` : null,
        generation: object?.generation ?? null,
        content_md5: outcome.contentMd5 ?? null,
        rows_in: outcome.rowsIn ?? null,
        rows_out: outcome.rowsOut ?? null,
        api_total: outcome.apiTotal ?? null,
        error_code: error?.code ?? null,
        error_message: error?.message.slice(0, 4000) ?? null,
        attempt: run.attempt,
        event_id: run.eventId,
        started_at: new Date(started).toISOString(),
        finished_at: new Date(finished).toISOString(),
        duration_ms: finished - started,
      };
      await deps.ledger.record(row);
      const log = run.log.child({
        source: run.source,
        dataset: run.dataset,
        slot: run.slotId,
        stage,
      });
      const fields = {
        status,
        object: row.object,
        generation: row.generation,
        rows_in: row.rows_in,
        rows_out: row.rows_out,
        duration_ms: row.duration_ms,
        ...(error ? { code: error.code, error: error.message } : {}),
      };
      const message = `${stage} ${status}${outcome.note ? `: ${outcome.note}` : ''}`;
      if (status === 'failed' || status === 'quarantined') log.error(message, fields);
      else if (status === 'retrying' || status === 'check_failed' || status === 'partial')
        log.warn(message, fields);
      else log.info(message, fields);
    };

    try {
      const outcome = await handler(event, run);
      if (outcome.status === 'ignored') {
        run.log.log('DEBUG', `${stage} ignored: ${outcome.note ?? ''}`, {
          object: run.object?.name,
        });
        return;
      }
      // Looked up before this run's own row lands: did the unit's previous run at this stage fail?
      const episode =
        outcome.status === 'succeeded' && run.slotId !== 'unknown'
          ? await episodeOfRun(deps, run)
          : undefined;
      await record(outcome.status, outcome as Outcome & { status: RunStatus }, outcome.error);
      if (episode && (episode.previous === 'failed' || episode.previous === 'quarantined')) {
        await deps.alerts.send({
          severity: 'recovery',
          title: `Recovered: ${run.source}/${run.dataset} ${stage}`,
          text: `Slot ${run.slotId} ${stage} succeeded after an earlier ${episode.previous}.`,
          key: alertKey(run, episode),
        });
      }
    } catch (caught) {
      const error = classify(caught);
      const info = { code: error.code, message: error.message };
      if (error.kind === 'transient') {
        const age = deps.clock.now() - eventTimeOf(event, started);
        if (delivery.attempt === undefined) run.attempt = (await retriesOf(deps, run)) + 1;
        if (run.attempt < deps.maxAttempts && age < deps.maxEventAgeMs) {
          await record('retrying', {}, info);
          throw error;
        }
        const episode = await episodeOfRun(deps, run);
        const letter = await deadLetter(deps, run, event, info);
        await record('failed', { object: letter }, info);
        await deps.alerts.send({
          severity: 'error',
          title: `Failed after retries: ${run.source}/${run.dataset} ${stage}`,
          text: `Slot ${run.slotId}: ${error.code}: ${error.message}\nDead letter: gs://${letter.bucket}/${letter.name}\nReplay: ${replayCommand(letter, deps.replayTarget)}`,
          key: alertKey(run, episode),
          fields: { code: error.code, attempts: String(run.attempt) },
        });
        return;
      }
      const episode = await episodeOfRun(deps, run);
      let kept: ObjectRef | null = null;
      if (error.kind === 'permanent' && run.object) {
        kept = await quarantine(deps, run, run.object);
      } else if (error.payload !== undefined) {
        // A rejected API answer (bad request, error envelope, refused key) never became an object:
        // keep it (clients redact the secret from every body) so nothing is lost.
        const id = createHash('sha256').update(run.eventId).digest('hex').slice(0, 8);
        const name = `${stage}/${run.source}/${run.dataset}/${run.slotId.replace(/[^\w.-]+/g, '_')}.${id}.body`;
        kept = await deps.store.write(deps.store.bucket('quarantine'), name, error.payload, {
          contentType: 'application/octet-stream',
        });
      }
      await record(kept ? 'quarantined' : 'failed', kept ? { object: kept } : {}, info);
      await deps.alerts.send({
        severity: 'error',
        title: `${error.kind === 'config' ? 'Configuration error' : 'Bad input'}: ${run.source}/${run.dataset} ${stage}`,
        text: `Slot ${run.slotId}: ${error.code}: ${error.message}${kept ? `\nQuarantined: gs://${kept.bucket}/${kept.name}` : ''}`,
        key: alertKey(run, episode),
        fields: { code: error.code },
      });
    }
  };
}

/**
 * One failure alert and one recovery per unit, stage and episode: the episode is the unit's last
 * success (a failure after a recovery is a new episode, so it is alerted again). An event whose unit
 * is unknown (malformed) is its own episode.
 */
function alertKey(run: RunContext, episode: Episode): string {
  const unit = `${run.source}/${run.dataset}/${run.slotId}/${run.stage}`;
  return run.slotId === 'unknown'
    ? `${unit}/event-${run.eventId}`
    : `${unit}/after-${episode.lastSuccess}`;
}

async function episodeOfRun(deps: PolicyDeps, run: RunContext): Promise<Episode> {
  if (run.slotId === 'unknown') return { previous: undefined, lastSuccess: 'never' };
  return episodeOf(
    await deps.ledger.query(STAGE_EPISODE_SQL, {
      source: run.source,
      dataset: run.dataset,
      slot_id: run.slotId,
      stage: run.stage,
    }),
  );
}

/** `retrying` rows already recorded for this event at this stage (Eventarc reports no attempt). */
async function retriesOf(deps: PolicyDeps, run: RunContext): Promise<number> {
  const [row] = await deps.ledger.query(EVENT_ATTEMPTS_SQL, {
    event_id: run.eventId,
    stage: run.stage,
  });
  return Number(row?.retries ?? 0);
}

function eventTimeOf(event: CloudEventLike, fallback: number): number {
  const t = typeof event?.time === 'string' ? Date.parse(event.time) : NaN;
  return Number.isNaN(t) ? fallback : t;
}

async function quarantine(
  deps: PolicyDeps,
  run: RunContext,
  object: ObjectRef,
): Promise<ObjectRef> {
  const name = `${run.stage}/${object.bucket}/${object.name}#${object.generation}`;
  return deps.store.copy(object, deps.store.bucket('quarantine'), name);
}

async function deadLetter(
  deps: PolicyDeps,
  run: RunContext,
  event: CloudEventLike,
  error: { code: string; message: string },
): Promise<ObjectRef> {
  const id = createHash('sha256')
    .update(String(event?.id ?? ''))
    .digest('hex')
    .slice(0, 16);
  const name = `dead-letter/${run.stage}/${run.source}/${id}.json`;
  const body = JSON.stringify(
    { stage: run.stage, source: run.source, dataset: run.dataset, slot: run.slotId, error, event },
    null,
    2,
  );
  const ref = await deps.store.write(deps.store.bucket('quarantine'), name, body, {
    contentType: 'application/json',
  });
  return ref;
}
