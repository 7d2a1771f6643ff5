/**
 * `pipeline replay --dead-letter <name>`: re-delivers a dead-lettered event to its stage, on the
 * embedded runtime or the deployed platform (`--target gcp`). The name is the object name in the
 * quarantine bucket or the `gs://bucket/name` that alerts print.
 *
 * Two kinds of dead letter, one plan each:
 *   the policy's (`dead-letter/<stage>/...`: {stage, slot, error, event}) and the Pub/Sub sink's
 *   (`dead-letter/pubsub/<stage>/...`: {stage, event | topic+body+attributes}).
 *   extract and sweep (Pub/Sub-triggered) -> the message is published again to its topic, with the
 *     unit pinned, so the deployed function runs it with its own secrets and identity;
 *   transform and load (storage-triggered) -> the stage's handler runs the original CloudEvent here,
 *     with the target's adapters (on GCP: the operator's credentials need the function's roles). An
 *     object event cannot be re-emitted without writing a new generation, which would rerun more.
 * Replaying twice is harmless: every stage is idempotent.
 */
import { decodePubsubEvent, type CloudEventLike } from '../core/events.js';
import type { Publisher } from '../core/ports.js';
import type { Config } from '../config.js';
import { getSource } from '../sources/registry.js';
import type { EventHandler } from '../stages/handlers.js';
import { UsageError } from './times.js';

export type ReplayPlan =
  | {
      stage: string;
      kind: 'publish';
      topic: string;
      body: Record<string, unknown>;
      attributes: Record<string, string>;
    }
  | { stage: string; kind: 'handler'; event: CloudEventLike };

/** `gs://b/n` -> {b, n}; a bare name lives in the quarantine bucket. */
export function letterLocation(arg: string, quarantine: string): { bucket: string; name: string } {
  const m = /^gs:\/\/([^/]+)\/(.+)$/.exec(arg.trim());
  if (m) return { bucket: m[1]!, name: m[2]! };
  if (arg.startsWith('gs://')) throw new UsageError(`--dead-letter ${arg} names no object`);
  return { bucket: quarantine, name: arg.replace(/^\/+/, '') };
}

interface Letter {
  stage?: string;
  slot?: string;
  source?: string;
  event?: CloudEventLike;
  topic?: string;
  body?: Record<string, unknown>;
  attributes?: Record<string, string>;
}

export function planReplay(letter: Letter, config: Pick<Config, 'topicPrefix'>): ReplayPlan {
  const stage = letter.stage;
  if (!stage) throw new UsageError('the dead letter names no stage (written by an older version?)');
  if (stage === 'extract' || stage === 'sweep') {
    if (letter.topic && letter.body)
      return {
        stage,
        kind: 'publish',
        topic: letter.topic,
        body: letter.body,
        attributes: letter.attributes ?? {},
      };
    if (!letter.event) throw new UsageError('the dead letter holds no event');
    const message = decodePubsubEvent(letter.event);
    if (stage === 'sweep')
      return {
        stage,
        kind: 'publish',
        topic: 'maintenance',
        body: message.body,
        attributes: message.attributes,
      };
    const source = message.attributes.source ?? String(message.body.source ?? letter.source ?? '');
    const def = getSource(source);
    const body = { ...message.body };
    // A scheduled message names no unit: pin the one that failed, not the slot of the replay's time.
    if (
      body.slot === undefined &&
      body.key === undefined &&
      letter.slot &&
      letter.slot !== 'unknown'
    )
      body[def.unit === 'keyed' ? 'key' : 'slot'] = letter.slot;
    return {
      stage,
      kind: 'publish',
      topic: `${config.topicPrefix}${def.source}`,
      body,
      attributes: { ...message.attributes, source: def.source, origin: 'replay' },
    };
  }
  if (stage === 'transform' || stage === 'load') {
    if (!letter.event) throw new UsageError('the dead letter holds no event');
    return { stage, kind: 'handler', event: letter.event };
  }
  throw new UsageError(`the dead letter names stage ${stage}, which cannot be replayed`);
}

export async function runReplay(
  plan: ReplayPlan,
  on: { publisher: Publisher; handlers: () => Promise<Record<string, EventHandler>> },
  progress: (line: string) => void,
): Promise<void> {
  if (plan.kind === 'publish') {
    const id = await on.publisher.publish(plan.topic, plan.body, plan.attributes);
    progress(
      `replayed ${plan.stage}: published ${JSON.stringify(plan.body)} to topic ${plan.topic} (message ${id})`,
    );
    return;
  }
  const handler = (await on.handlers())[plan.stage];
  if (!handler) throw new UsageError(`no handler for stage ${plan.stage}`);
  progress(`replaying ${plan.stage} event ${plan.event.id}`);
  // Attempt 1: a replay starts a fresh retry budget (the ledger's count is for the platform's deliveries).
  await handler(plan.event, { attempt: 1 });
}
