/**
 * Maintenance entry points: the dead-letter sink and the periodic sweep (orphan clusters, and units
 * the ledger shows stuck: a Spark run still `submitted`, or a unit still `retrying`, long after it
 * should have finished).
 */
import { createHash } from 'node:crypto';
import {
  decodePubsubEvent,
  STORAGE_FINALIZED,
  type CloudEventLike,
  type PubsubMessage,
} from '../core/events.js';
import { ledgerTime, UNFINISHED_SQL, type Stage } from '../core/ledger.js';
import type { StageHandler } from '../core/policy.js';
import { scheduledSlot } from '../core/slots.js';
import { slotUnit } from '../core/units.js';
import { SOURCES } from '../sources/registry.js';
import type { StageDeps } from './deps.js';

/** What a Pub/Sub dead letter needs to be replayed: its stage, and the event or the message to resend. */
export interface DeadLetterTarget {
  stage: Stage;
  /** Storage-triggered stages: the CloudEvent to hand to the stage again. */
  event?: CloudEventLike;
  /** Pub/Sub-triggered stages: the topic and message to publish again. */
  topic?: string;
  body?: Record<string, unknown>;
  attributes?: Record<string, string>;
  slot?: string;
}

/** Attributes Pub/Sub adds when it forwards a message to a dead-letter topic. */
const DEAD_LETTER_ATTRIBUTES = /^CloudPubSubDeadLetter/;

/**
 * Which stage a message dead-lettered by a trigger's subscription was meant for. Eventarc carries a
 * storage event over Pub/Sub as a binary-mode CloudEvent (`ce-*` attributes, the object as data):
 * raw bucket -> transform, curated bucket -> load. A message of an extract topic names its source;
 * anything else is a maintenance (sweep) message.
 */
export function deadLetterTarget(
  deps: Pick<StageDeps, 'config'>,
  message: PubsubMessage,
): DeadLetterTarget {
  const a = message.attributes;
  if (a['ce-type'] === STORAGE_FINALIZED) {
    const bucket = String(message.body.bucket ?? '');
    const stage: Stage =
      bucket === deps.config.buckets.raw
        ? 'transform'
        : bucket === deps.config.buckets.curated
          ? 'load'
          : 'dead_letter';
    return {
      stage,
      event: {
        specversion: '1.0',
        id: a['ce-id'] ?? message.messageId,
        type: STORAGE_FINALIZED,
        ...(a['ce-source'] ? { source: a['ce-source'] } : {}),
        ...(a['ce-subject'] ? { subject: a['ce-subject'] } : {}),
        time: a['ce-time'] ?? new Date(message.publishTime).toISOString(),
        data: message.body,
      },
    };
  }
  const attributes = Object.fromEntries(
    Object.entries(a).filter(([k]) => !DEAD_LETTER_ATTRIBUTES.test(k)),
  );
  const source = a.source ?? (typeof message.body.source === 'string' ? message.body.source : '');
  const def = SOURCES.find((s) => s.source === source);
  if (!def) return { stage: 'sweep', topic: 'maintenance', body: message.body, attributes };
  // A scheduled message names no unit: pin the one its original publish time meant, so a replay
  // does not run "now" instead (a snapshot unit replayed late is then acknowledged as expired).
  const published = Date.parse(a.CloudPubSubDeadLetterSourceTopicPublishTime ?? '');
  const slot =
    typeof message.body.slot === 'string'
      ? message.body.slot
      : def.unit !== 'keyed' && message.body.key === undefined
        ? slotUnit(
            scheduledSlot(Number.isNaN(published) ? message.publishTime : published, def.schedule),
          ).id
        : undefined;
  return {
    stage: 'extract',
    topic: `${deps.config.topicPrefix}${def.source}`,
    body: slot ? { ...message.body, slot } : message.body,
    attributes,
    ...(slot ? { slot } : {}),
  };
}

/** A message that exhausted its delivery attempts: keep it (with its stage), alert once, acknowledge. */
export function makeDeadLetterHandler(deps: StageDeps): StageHandler {
  return async (event, run) => {
    const message = decodePubsubEvent(event);
    const target = deadLetterTarget(deps, message);
    run.source = message.attributes.source ?? String(message.body.source ?? 'unknown');
    run.slotId = target.slot ?? 'unknown';
    const id = createHash('sha256').update(message.messageId).digest('hex').slice(0, 16);
    const ref = await deps.store.write(
      deps.store.bucket('quarantine'),
      `dead-letter/pubsub/${target.stage}/${run.source}/${id}.json`,
      JSON.stringify(
        {
          ...target,
          source: run.source,
          attributes: message.attributes,
          publishTime: new Date(message.publishTime).toISOString(),
          deadLetterEvent: event,
        },
        null,
        2,
      ),
      { contentType: 'application/json', skipIfUnchanged: true },
    );
    if (ref.written) {
      await deps.alerts.send({
        severity: 'error',
        title: `Dead letter: ${target.stage} ${run.source}`,
        text: `A message for ${target.stage} exhausted its retries.\nKept at gs://${ref.bucket}/${ref.name}\nReplay: pipeline replay --dead-letter gs://${ref.bucket}/${ref.name}${deps.replayTarget === 'gcp' ? ' --target gcp' : ''}`,
        key: `dead-letter/${id}`,
      });
    }
    return { status: 'failed', object: ref, note: `dead-lettered (${target.stage})` };
  };
}

/**
 * Deletes clusters carrying our label that outlived their TTL (the lifecycle TTL should already have
 * removed them; anything left is an orphan that costs money) and alerts once per sweep that found any.
 * Then alerts once per unit the ledger shows stuck (see UNFINISHED_SQL), so a Spark run that failed
 * without a `_SUCCESS` is told from one still running.
 */
export function makeSweepHandler(deps: StageDeps): StageHandler {
  return async (_event, run) => {
    run.source = 'dataproc';
    run.dataset = 'clusters';
    run.slotId = new Date(deps.clock.now()).toISOString();
    const maxAgeMs = deps.config.dataproc.autoDeleteTtlS * 1000;
    const clusters = await deps.clusters.listClusters();
    const orphans = clusters.filter((c) => deps.clock.now() - c.createdAt.getTime() > maxAgeMs);
    // Each delete returns once accepted (Dataproc takes about a minute); the next sweep sees the
    // cluster gone, DELETING (not listed), or back if its deletion failed.
    await Promise.all(orphans.map((c) => deps.clusters.deleteCluster(c.name)));
    if (orphans.length > 0) {
      await deps.alerts.send({
        severity: 'warning',
        title: `Deleting ${orphans.length} orphaned cluster(s)`,
        text: orphans
          .map((c) => `${c.name} (created ${c.createdAt.toISOString()}, ${c.state})`)
          .join('\n'),
        key: `sweep/${orphans.map((c) => c.name).join(',')}`,
      });
    }
    const stuck = await alertStuckUnits(deps);
    return {
      status: 'succeeded',
      rowsIn: clusters.length,
      rowsOut: orphans.length,
      ...(stuck ? { note: `${stuck} stuck unit(s)` } : {}),
    };
  };
}

/** One alert per stuck unit (keyed by its last row: a unit stuck again later is alerted again). */
async function alertStuckUnits(deps: StageDeps): Promise<number> {
  const cutoff = deps.clock.now() - deps.config.stuckAfterMs;
  const rows = (await deps.ledger.query(UNFINISHED_SQL)).filter(
    (r) => ledgerTime(r.finished_at) < cutoff,
  );
  for (const r of rows) {
    const unit = `${String(r.source)}/${String(r.dataset)} ${String(r.stage)}`;
    const hours = Math.round((deps.clock.now() - ledgerTime(r.finished_at)) / 360_000) / 10;
    await deps.alerts.send({
      severity: 'error',
      title: `Stuck: ${unit} still ${String(r.status)}`,
      text:
        `Slot ${String(r.slot_id)} has been ${String(r.status)} for ${hours} h with no later ledger row` +
        (r.status === 'submitted'
          ? ': the Spark run never wrote _SUCCESS (failed, killed or still queued). Check the Dataproc workflow, then rerun the slot with `pipeline backfill --force`.'
          : ': its retries stopped without an outcome. Look for its dead letter, or rerun the slot.'),
      key: `stuck/${String(r.source)}/${String(r.dataset)}/${String(r.slot_id)}/${String(r.stage)}/${String(r.run_id)}`,
      fields: { object: String(r.object ?? '') },
    });
  }
  return rows.length;
}
