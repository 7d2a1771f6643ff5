import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodePubsubEvent,
  decodeStorageEvent,
  pubsubPublishedEvent,
  storageFinalizedEvent,
} from '../../../functions/core/events.js';

test('a Pub/Sub CloudEvent decodes to body, attributes and publish time', () => {
  const event = pubsubPublishedEvent({
    topic: 't',
    messageId: 'm1',
    body: { slot: 'x' },
    attributes: { source: 'saramin' },
    publishTime: '2026-11-23T02:05:00Z',
  });
  const msg = decodePubsubEvent(event);
  assert.deepEqual(msg.body, { slot: 'x' });
  assert.deepEqual(msg.attributes, { source: 'saramin' });
  assert.equal(msg.publishTime, Date.parse('2026-11-23T02:05:00Z'));
});

test('a scheduler message with an empty body decodes to an empty object', () => {
  const msg = decodePubsubEvent({
    id: '1',
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    data: { message: { publishTime: '2026-11-23T02:05:00Z' } },
  });
  assert.deepEqual(msg.body, {});
});

test('malformed Pub/Sub events are permanent errors', () => {
  const type = 'google.cloud.pubsub.topic.v1.messagePublished';
  assert.throws(() => decodePubsubEvent({ id: '1', type, data: {} }), { code: 'EVENT.MALFORMED' });
  assert.throws(
    () =>
      decodePubsubEvent({
        id: '1',
        type,
        data: { message: { data: Buffer.from('not json').toString('base64') } },
      }),
    { code: 'EVENT.MALFORMED' },
  );
  assert.throws(
    () =>
      decodePubsubEvent({
        id: '1',
        type,
        data: { message: { data: Buffer.from('[1]').toString('base64') } },
      }),
    { code: 'EVENT.MALFORMED' },
  );
  assert.throws(() => decodePubsubEvent({ id: '1', type: 'something.else', data: {} }), {
    code: 'EVENT.WRONG_TYPE',
  });
});

test('a GCS finalize CloudEvent decodes; numeric generations become strings', () => {
  const event = storageFinalizedEvent({
    bucket: 'b',
    name: 'saramin/x',
    generation: '17',
    size: 3,
    md5Hash: 'abc',
    contentType: 'application/json',
    time: '2026-11-23T00:00:00Z',
  });
  const obj = decodeStorageEvent(event);
  assert.equal(obj.bucket, 'b');
  assert.equal(obj.generation, '17');
  const numeric = decodeStorageEvent({
    ...event,
    data: { bucket: 'b', name: 'n', generation: 42 },
  });
  assert.equal(numeric.generation, '42');
  assert.throws(() => decodeStorageEvent({ ...event, data: { bucket: 'b' } }), {
    code: 'EVENT.MALFORMED',
  });
});
