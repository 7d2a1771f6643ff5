import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalBus } from '../../../functions/adapters/local/bus.js';
import { decodePubsubEvent } from '../../../functions/core/events.js';

test('delivers at least once, retrying while the handler throws', async () => {
  const bus = new LocalBus({ retryDelayMs: 1 });
  let calls = 0;
  bus.subscribe('topic:t', async () => {
    if (++calls < 3) throw new Error('not yet');
  });
  await bus.publish('t', { a: 1 }, {});
  await bus.drain();
  assert.equal(calls, 3);
  assert.deepEqual(bus.undelivered(), []);
});

test('chaos mode delivers every event twice and out of order', async () => {
  let seed = 1;
  const bus = new LocalBus({
    chaos: true,
    concurrency: 1,
    random: () => (seed = (seed * 16807) % 2147483647) / 2147483647,
  });
  const seen: number[] = [];
  bus.subscribe(
    'topic:t',
    async (event) => void seen.push(Number(decodePubsubEvent(event).body.n)),
  );
  for (let n = 0; n < 5; n++) await bus.publish('t', { n }, {});
  await bus.drain();
  assert.equal(seen.length, 10);
  assert.deepEqual([...seen].sort(), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  assert.notDeepEqual(seen, [...seen].sort(), 'order was shuffled');
});

test('gives up after maxDeliveries and reports the event', async () => {
  const bus = new LocalBus({ retryDelayMs: 1, maxDeliveries: 2 });
  bus.subscribe('topic:t', async () => {
    throw new Error('always');
  });
  await bus.publish('t', {}, {});
  await bus.drain();
  assert.equal(bus.undelivered().length, 1);
});

test('stop(): running handlers finish, queued and later events are dropped, drain resolves', async () => {
  const bus = new LocalBus({ concurrency: 1 });
  const seen: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  bus.subscribe('topic:t', async (event) => {
    const n = Number(decodePubsubEvent(event).body.n);
    if (n === 0) await gate;
    seen.push(n);
  });
  for (let n = 0; n < 3; n++) await bus.publish('t', { n }, {});
  assert.equal(bus.stop(), 2, 'two queued events dropped');
  await bus.publish('t', { n: 9 }, {});
  const drained = bus.drain();
  release();
  await drained;
  assert.deepEqual(seen, [0], 'the running delivery finished; nothing else started');
  assert.equal(bus.droppedCount(), 3);
});
