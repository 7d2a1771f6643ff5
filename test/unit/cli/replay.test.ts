/** 11.13: `pipeline replay` plans, for policy and Pub/Sub dead letters, and the names alerts print. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../../functions/config.js';
import { letterLocation, planReplay } from '../../../functions/cli/replay.js';
import { decodePubsubEvent, pubsubPublishedEvent } from '../../../functions/core/events.js';
import { SOURCES } from '../../../functions/sources/registry.js';
import { deadLetterTarget } from '../../../functions/stages/maintenance.js';

const config = parseConfig({ GOOGLE_CLOUD_PROJECT: 'p' }, SOURCES);

test('a gs:// name as alerts print it, or a bare name in the quarantine bucket', () => {
  assert.deepEqual(letterLocation('gs://p-quarantine/dead-letter/load/saramin/ab.json', 'q'), {
    bucket: 'p-quarantine',
    name: 'dead-letter/load/saramin/ab.json',
  });
  assert.deepEqual(letterLocation('dead-letter/x.json', 'q'), {
    bucket: 'q',
    name: 'dead-letter/x.json',
  });
  assert.throws(() => letterLocation('gs://bucket-only', 'q'));
});

test("a scheduled extract message is republished to its topic with its unit pinned, not replay's now", () => {
  const event = pubsubPublishedEvent({
    topic: 'extract-saramin',
    messageId: 'm1',
    body: {},
    attributes: { source: 'saramin' },
    publishTime: '2025-09-15T01:05:00Z',
  });
  const plan = planReplay({ stage: 'extract', slot: '2025-09-15T09:00+09:00/PT1H', event }, config);
  assert.deepEqual(plan, {
    stage: 'extract',
    kind: 'publish',
    topic: 'extract-saramin',
    body: { slot: '2025-09-15T09:00+09:00/PT1H' },
    attributes: { source: 'saramin', origin: 'replay' },
  });
});

test('Pub/Sub dead letters record their stage: a storage event by bucket, an extract message by source', () => {
  const forwarded = (data: Record<string, unknown>, attributes: Record<string, string>) =>
    decodePubsubEvent(
      pubsubPublishedEvent({
        topic: 'dead-letter',
        messageId: 'd1',
        body: data,
        attributes,
        publishTime: '2025-09-15T02:00:00Z',
      }),
    );
  const load = deadLetterTarget(
    { config },
    forwarded(
      {
        bucket: 'p-curated',
        name: 'saramin/job_postings/dt=2025-09-15/slot=1000/_SUCCESS',
        generation: '7',
      },
      {
        'ce-type': 'google.cloud.storage.object.v1.finalized',
        'ce-id': 'ev-1',
        CloudPubSubDeadLetterSourceDeliveryCount: '5',
      },
    ),
  );
  assert.equal(load.stage, 'load');
  assert.equal(load.event?.id, 'ev-1');
  assert.deepEqual(planReplay(load, config), { stage: 'load', kind: 'handler', event: load.event });

  const extract = deadLetterTarget(
    { config },
    forwarded(
      {},
      { source: 'saramin', CloudPubSubDeadLetterSourceTopicPublishTime: '2025-09-15T01:05:00Z' },
    ),
  );
  assert.equal(extract.stage, 'extract');
  assert.equal(extract.topic, 'extract-saramin');
  assert.deepEqual(
    extract.attributes,
    { source: 'saramin' },
    'the dead-letter attributes are not resent',
  );
  assert.equal(
    extract.slot,
    '2025-09-15T09:00+09:00/PT1H',
    'the scheduled unit of the original publish time',
  );
});
