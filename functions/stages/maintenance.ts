/**
 * Maintenance entry points: the dead-letter sink and the orphan-cluster sweep.
 */
import { createHash } from 'node:crypto';
import { decodePubsubEvent } from '../core/events.js';
import type { StageHandler } from '../core/policy.js';
import type { StageDeps } from './deps.js';

/** A message that exhausted its delivery attempts: keep it, alert once, acknowledge. */
export function makeDeadLetterHandler(deps: StageDeps): StageHandler {
  return async (event, run) => {
    const message = decodePubsubEvent(event);
    run.source = message.attributes.source ?? String(message.body.source ?? 'unknown');
    run.slotId = typeof message.body.slot === 'string' ? message.body.slot : 'unknown';
    const id = createHash('sha256').update(message.messageId).digest('hex').slice(0, 16);
    const ref = await deps.store.write(
      deps.store.bucket('quarantine'),
      `dead-letter/pubsub/${run.source}/${id}.json`,
      JSON.stringify(
        {
          attributes: message.attributes,
          body: message.body,
          publishTime: new Date(message.publishTime).toISOString(),
          event,
        },
        null,
        2,
      ),
      { contentType: 'application/json', skipIfUnchanged: true },
    );
    if (ref.written) {
      await deps.alerts.send({
        severity: 'error',
        title: `Dead letter: ${run.source}`,
        text: `A message exhausted its retries.\nKept at gs://${ref.bucket}/${ref.name}\nReplay: pipeline replay --dead-letter ${ref.name}`,
        key: `dead-letter/${id}`,
      });
    }
    return { status: 'failed', object: ref, note: 'dead-lettered' };
  };
}

/**
 * Deletes clusters carrying our label that outlived their TTL (the lifecycle TTL should already have
 * removed them; anything left is an orphan that costs money) and alerts once per sweep that found any.
 */
export function makeSweepHandler(deps: StageDeps): StageHandler {
  return async (_event, run) => {
    run.source = 'dataproc';
    run.dataset = 'clusters';
    run.slotId = new Date(deps.clock.now()).toISOString();
    const maxAgeMs = deps.config.dataproc.autoDeleteTtlS * 1000;
    const clusters = await deps.clusters.listClusters();
    const orphans = clusters.filter((c) => deps.clock.now() - c.createdAt.getTime() > maxAgeMs);
    // In parallel: a Dataproc delete takes about a minute and the function has at most nine.
    await Promise.all(orphans.map((c) => deps.clusters.deleteCluster(c.name)));
    if (orphans.length > 0) {
      await deps.alerts.send({
        severity: 'warning',
        title: `Deleted ${orphans.length} orphaned cluster(s)`,
        text: orphans
          .map((c) => `${c.name} (created ${c.createdAt.toISOString()}, ${c.state})`)
          .join('\n'),
        key: `sweep/${orphans.map((c) => c.name).join(',')}`,
      });
    }
    return { status: 'succeeded', rowsIn: clusters.length, rowsOut: orphans.length };
  };
}
