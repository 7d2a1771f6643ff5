/**
 * Publisher on Pub/Sub (backfill and replay messages to the extract topics). One Topic object per
 * name: each holds a batching publisher that must be reused, not rebuilt per message.
 */
import { PubSub, type Topic } from '@google-cloud/pubsub';
import {
  ConfigError,
  PermanentError,
  TransientError,
  type PipelineError,
} from '../../core/errors.js';
import type { Publisher } from '../../core/ports.js';

/** gRPC status codes worth retrying: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
const RETRY_CODES: ReadonlySet<number> = new Set([4, 8, 10, 13, 14]);
/** NOT_FOUND (topic missing), PERMISSION_DENIED, UNAUTHENTICATED: a deployment problem, not bad data. */
const CONFIG_CODES: ReadonlySet<number> = new Set([5, 7, 16]);

export function pubsubError(error: unknown, topic: string): PipelineError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = `publish to ${topic}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`;
  if (typeof code === 'number' && CONFIG_CODES.has(code))
    return new ConfigError(`PUBSUB.GRPC_${code}`, message, { cause: error });
  if (typeof code === 'number' && !RETRY_CODES.has(code))
    return new PermanentError(`PUBSUB.GRPC_${code}`, message, { cause: error });
  return new TransientError(
    typeof code === 'number' ? `PUBSUB.GRPC_${code}` : 'PUBSUB.UNEXPECTED',
    message,
    { cause: error },
  );
}

export class PubsubPublisher implements Publisher {
  private readonly topics = new Map<string, Topic>();

  constructor(private readonly pubsub: PubSub = new PubSub()) {}

  async publish(
    topic: string,
    body: Record<string, unknown>,
    attributes: Record<string, string>,
  ): Promise<string> {
    let t = this.topics.get(topic);
    if (!t) {
      t = this.pubsub.topic(topic);
      this.topics.set(topic, t);
    }
    try {
      return await t.publishMessage({ json: body, attributes });
    } catch (error) {
      throw pubsubError(error, topic);
    }
  }
}
