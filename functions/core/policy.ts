/**
 * The one error policy, applied to every entry point at registration:
 *   success            -> one ledger row, one log line (and a recovery alert if the slot had failed)
 *   TransientError     -> ledger "retrying", rethrow so the platform retries with backoff;
 *                         once the attempt budget or the maximum event age is spent: dead-letter
 *                         object + one alert + acknowledge (replayable with `pipeline replay`)
 *   PermanentError     -> copy the object to quarantine, one alert, acknowledge
 *   ConfigError        -> one alert, acknowledge (the data is fine; fix the setting, then replay)
 */
import { createHash, randomUUID } from 'node:crypto';
import { classify, PermanentError } from './errors.js';
import type { CloudEventLike } from './events.js';
import type { RunRecord, RunStatus, Stage } from './ledger.js';
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
  /** Attempts before an event is dead-lettered (where the platform reports attempts). */
  maxAttempts: number;
  /** Events older than this are dead-lettered instead of retried (gen2 retries last up to 24 h). */
  maxEventAgeMs: number;
  /** Project of Cloud Trace ids: a CloudEvent's `traceparent` becomes `projects/<p>/traces/<id>` in logs. */
  traceProject?: string;
}

export interface Delivery {
  attempt?: number;
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
      // Looked up before this run's own row lands: did the slot's previous attempt at this stage fail?
      const previous =
        outcome.status === 'succeeded' && run.slotId !== 'unknown'
          ? (await deps.ledger.slotStatus(run.source, run.dataset, run.slotId))[stage]
          : undefined;
      await record(outcome.status, outcome as Outcome & { status: RunStatus }, outcome.error);
      if (previous === 'failed' || previous === 'quarantined') {
        await deps.alerts.send({
          severity: 'recovery',
          title: `Recovered: ${run.source}/${run.dataset} ${stage}`,
          text: `Slot ${run.slotId} ${stage} succeeded after an earlier ${previous}.`,
          key: alertKey(run),
        });
      }
    } catch (caught) {
      const error = classify(caught);
      const info = { code: error.code, message: error.message };
      if (error.kind === 'transient') {
        const age = deps.clock.now() - eventTimeOf(event, started);
        if (run.attempt < deps.maxAttempts && age < deps.maxEventAgeMs) {
          await record('retrying', {}, info);
          throw error;
        }
        const letter = await deadLetter(deps, run, event, info);
        await record('failed', { object: letter }, info);
        await deps.alerts.send({
          severity: 'error',
          title: `Failed after retries: ${run.source}/${run.dataset} ${stage}`,
          text: `Slot ${run.slotId}: ${error.code}: ${error.message}\nDead letter: gs://${letter.bucket}/${letter.name}\nReplay: pipeline replay --dead-letter ${letter.name}`,
          key: alertKey(run),
          fields: { code: error.code, attempts: String(run.attempt) },
        });
        return;
      }
      let quarantined: ObjectRef | null = null;
      if (error.kind === 'permanent' && run.object) {
        quarantined = await quarantine(deps, run, run.object);
      } else if (error instanceof PermanentError && error.payload !== undefined) {
        // A bad API body never became an object: keep it so nothing is lost.
        const name = `${stage}/${run.source}/${run.dataset}/${run.slotId.replace(/[^\w.-]+/g, '_')}.body`;
        const ref = await deps.store.write(deps.store.bucket('quarantine'), name, error.payload, {
          contentType: 'application/octet-stream',
        });
        quarantined = ref;
      }
      await record(
        error.kind === 'permanent' ? 'quarantined' : 'failed',
        quarantined ? { object: quarantined } : {},
        info,
      );
      await deps.alerts.send({
        severity: 'error',
        title: `${error.kind === 'config' ? 'Configuration error' : 'Bad input'}: ${run.source}/${run.dataset} ${stage}`,
        text: `Slot ${run.slotId}: ${error.code}: ${error.message}${quarantined ? `\nQuarantined: gs://${quarantined.bucket}/${quarantined.name}` : ''}`,
        key: alertKey(run),
        fields: { code: error.code },
      });
    }
  };
}

function alertKey(run: RunContext): string {
  return `${run.source}/${run.dataset}/${run.slotId}/${run.stage}`;
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
