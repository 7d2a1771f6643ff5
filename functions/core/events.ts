/**
 * Decoders for the two CloudEvents the stages receive. Anything malformed is a PermanentError:
 * retrying a broken event cannot fix it.
 */
// zod/mini: the functional form tree-shakes to a few kB (the chained API loads all of zod on every
// cold start of every entry point; issue 16).
import * as z from 'zod/mini';
import { PermanentError } from './errors.js';

export const PUBSUB_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';
export const STORAGE_FINALIZED = 'google.cloud.storage.object.v1.finalized';

/** The subset of a CloudEvent the stages read (compatible with the Functions Framework's type). */
export interface CloudEventLike {
  id: string;
  type: string;
  source?: string;
  time?: string;
  data?: unknown;
  traceparent?: string;
  [extension: string]: unknown;
}

const pubsubData = z.object({
  message: z.object({
    data: z.optional(z.string()),
    attributes: z.optional(z.record(z.string(), z.string())),
    messageId: z.optional(z.string()),
    publishTime: z.optional(z.string()),
  }),
  subscription: z.optional(z.string()),
});

const storageData = z.object({
  bucket: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  generation: z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
  size: z.optional(z.union([z.string(), z.number()])),
  md5Hash: z.optional(z.string()),
  contentType: z.optional(z.string()),
  metadata: z.optional(z.record(z.string(), z.string())),
  timeCreated: z.optional(z.string()),
});

export interface PubsubMessage {
  eventId: string;
  messageId: string;
  publishTime: number;
  attributes: Record<string, string>;
  body: Record<string, unknown>;
}

export interface StorageObjectEvent {
  eventId: string;
  bucket: string;
  name: string;
  generation: string;
  md5?: string;
  metadata: Record<string, string>;
  eventTime: number;
}

function requireType(event: CloudEventLike, type: string): void {
  if (event?.type !== type) {
    throw new PermanentError(
      'EVENT.WRONG_TYPE',
      `expected ${type}, got ${String(event?.type).slice(0, 100)}`,
    );
  }
}

function eventTime(event: CloudEventLike): number {
  const t = event.time ? Date.parse(event.time) : NaN;
  return Number.isNaN(t) ? Date.now() : t;
}

export function decodePubsubEvent(event: CloudEventLike): PubsubMessage {
  requireType(event, PUBSUB_PUBLISHED);
  const parsed = pubsubData.safeParse(event.data);
  if (!parsed.success)
    throw new PermanentError(
      'EVENT.MALFORMED',
      `bad Pub/Sub event data: ${parsed.error.issues[0]?.message}`,
    );
  const { message } = parsed.data;
  let body: Record<string, unknown> = {};
  if (message.data) {
    const text = Buffer.from(message.data, 'base64').toString('utf8').trim();
    if (text) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new PermanentError('EVENT.MALFORMED', 'Pub/Sub message body is not JSON');
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new PermanentError('EVENT.MALFORMED', 'Pub/Sub message body must be a JSON object');
      }
      body = json as Record<string, unknown>;
    }
  }
  const publishTime = message.publishTime ? Date.parse(message.publishTime) : eventTime(event);
  if (Number.isNaN(publishTime)) throw new PermanentError('EVENT.MALFORMED', 'bad publishTime');
  return {
    eventId: event.id,
    messageId: message.messageId ?? event.id,
    publishTime,
    attributes: message.attributes ?? {},
    body,
  };
}

export function decodeStorageEvent(event: CloudEventLike): StorageObjectEvent {
  requireType(event, STORAGE_FINALIZED);
  const parsed = storageData.safeParse(event.data);
  if (!parsed.success)
    throw new PermanentError(
      'EVENT.MALFORMED',
      `bad storage event data: ${parsed.error.issues[0]?.message}`,
    );
  const d = parsed.data;
  return {
    eventId: event.id,
    bucket: d.bucket,
    name: d.name,
    generation: d.generation,
    ...(d.md5Hash ? { md5: d.md5Hash } : {}),
    metadata: d.metadata ?? {},
    eventTime: eventTime(event),
  };
}

/** Builds the CloudEvent GCS would send for a finalized object (used by the local buckets and tests). */
export function storageFinalizedEvent(obj: {
  bucket: string;
  name: string;
  generation: string;
  size: number;
  md5Hash: string;
  contentType: string;
  metadata?: Record<string, string>;
  time: string;
}): CloudEventLike {
  return {
    specversion: '1.0',
    id: `${obj.bucket}/${obj.name}/${obj.generation}`,
    type: STORAGE_FINALIZED,
    source: `//storage.googleapis.com/projects/_/buckets/${obj.bucket}`,
    subject: `objects/${obj.name}`,
    time: obj.time,
    datacontenttype: 'application/json',
    data: {
      kind: 'storage#object',
      bucket: obj.bucket,
      name: obj.name,
      generation: obj.generation,
      metageneration: '1',
      size: String(obj.size),
      md5Hash: obj.md5Hash,
      contentType: obj.contentType,
      metadata: obj.metadata ?? {},
      timeCreated: obj.time,
      updated: obj.time,
    },
  };
}

/** Builds the CloudEvent Eventarc delivers for a Pub/Sub message. */
export function pubsubPublishedEvent(msg: {
  topic: string;
  messageId: string;
  body: Record<string, unknown>;
  attributes: Record<string, string>;
  publishTime: string;
}): CloudEventLike {
  return {
    specversion: '1.0',
    id: msg.messageId,
    type: PUBSUB_PUBLISHED,
    source: `//pubsub.googleapis.com/projects/local/topics/${msg.topic}`,
    time: msg.publishTime,
    datacontenttype: 'application/json',
    data: {
      message: {
        data: Buffer.from(JSON.stringify(msg.body)).toString('base64'),
        attributes: msg.attributes,
        messageId: msg.messageId,
        publishTime: msg.publishTime,
      },
      subscription: `projects/local/subscriptions/${msg.topic}`,
    },
  };
}
