import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backfill,
  extractSettled,
  inFlightOnPlatform,
  isSettled,
  waitForLedger,
} from '../../../functions/cli/backfill.js';
import { isComplete, isUnfinished } from '../../../functions/core/ledger.js';
import type { Ledger } from '../../../functions/core/ports.js';
import { parseInstant } from '../../../functions/core/slots.js';
import { stock } from '../../../functions/sources/stock/index.js';

function memoryLedger(states: Record<string, Record<string, string>>): Ledger {
  return {
    record: async () => {},
    slotStatus: async (_s, _d, slot) => states[slot] ?? {},
    query: async () => [],
  };
}

test('backfill publishes one message per business day, skips loaded days and caps in-flight slots', async () => {
  const published: { body: Record<string, unknown>; attributes: Record<string, string> }[] = [];
  const batches: string[][] = [];
  const result = await backfill({
    def: stock,
    from: parseInstant('2025-11-03'),
    to: parseInstant('2025-11-15'),
    force: false,
    concurrency: 3,
    topic: 'extract-stock',
    publisher: {
      publish: async (_t, body, attributes) => String(published.push({ body, attributes })),
    },
    ledger: memoryLedger({
      '2025-11-05T00:00+09:00/P1D': {
        extract: 'succeeded',
        transform: 'submitted',
        load: 'succeeded',
      },
    }),
    settle: async (slots) => void batches.push(slots),
    progress: () => {},
  });
  assert.equal(result.slots.length, 10, 'weekends are not slots');
  assert.deepEqual(result.skipped, ['2025-11-05T00:00+09:00/P1D']);
  assert.equal(published.length, 9);
  assert.deepEqual(published[0], {
    body: { slot: '2025-11-03T00:00+09:00/P1D', resume: true },
    attributes: { source: 'stock', origin: 'backfill' },
  });
  assert.ok(
    batches.every((b) => b.length <= 3),
    'never more than 3 in flight',
  );
  assert.equal(batches.flat().length, 9);
});

test('--force republishes loaded days and asks for new generations', async () => {
  const bodies: Record<string, unknown>[] = [];
  await backfill({
    def: stock,
    from: parseInstant('2025-11-03'),
    to: parseInstant('2025-11-04'),
    force: true,
    rewrite: true,
    concurrency: 2,
    topic: 't',
    publisher: { publish: async (_t, body) => String(bodies.push(body)) },
    ledger: memoryLedger({ '2025-11-03T00:00+09:00/P1D': { load: 'succeeded' } }),
    settle: async () => {},
    progress: () => {},
  });
  assert.deepEqual(bodies, [{ slot: '2025-11-03T00:00+09:00/P1D', force: true }]);
});

test('a slot is settled once loaded, empty or failed; in flight otherwise', () => {
  assert.equal(isSettled({ extract: 'succeeded', transform: 'submitted' }), false);
  assert.equal(
    isSettled({ extract: 'succeeded', transform: 'submitted', load: 'succeeded' }),
    true,
  );
  assert.equal(isSettled({ extract: 'empty' }), true);
  assert.equal(isSettled({ extract: 'retrying' }), false);
  assert.equal(isSettled({ extract: 'succeeded', transform: 'quarantined' }), true);
});

test('waitForLedger polls until every in-flight slot settled', async () => {
  const states: Record<string, Record<string, string>> = {
    a: { extract: 'succeeded' },
    b: { extract: 'empty' },
  };
  let polls = 0;
  await waitForLedger(memoryLedger(states), stock, ['a', 'b'], {
    pollMs: 1,
    timeoutMs: 60_000,
    progress: () => {},
    sleep: async () => {
      if (++polls === 2)
        states.a = { extract: 'succeeded', transform: 'submitted', load: 'succeeded' };
    },
  });
  assert.equal(polls, 2);
});

const day = (d: number) => `2025-11-${String(d).padStart(2, '0')}T00:00+09:00/P1D`;

test('resume: slots an interrupted run left unfinished are published again and reported', async () => {
  const bodies: Record<string, unknown>[] = [];
  const lines: string[] = [];
  const result = await backfill({
    def: stock,
    from: parseInstant('2025-11-03'),
    to: parseInstant('2025-11-08'),
    force: false,
    concurrency: 2,
    topic: 't',
    publisher: { publish: async (_t, body) => String(bodies.push(body)) },
    ledger: memoryLedger({
      [day(3)]: { extract: 'succeeded', transform: 'succeeded', load: 'succeeded' },
      [day(4)]: { extract: 'succeeded' }, // killed before transform ran
      [day(5)]: { extract: 'succeeded', transform: 'retrying' }, // Spark run killed
      [day(6)]: { extract: 'succeeded', transform: 'succeeded', load: 'retrying' },
    }),
    settle: async () => {},
    progress: (l) => lines.push(l),
  });
  assert.deepEqual(result.skipped, [day(3)]);
  assert.deepEqual(result.resumed, [day(4), day(5), day(6)]);
  assert.deepEqual(
    bodies.map((b) => b.slot),
    [day(4), day(5), day(6), day(7)],
  );
  assert.ok(
    bodies.every((b) => b.resume === true && b.force === undefined),
    'resume asks the extract to re-emit unloaded units, never to rewrite loaded ones',
  );
  assert.match(
    lines.join('\n'),
    /2025-11-05T00:00\+09:00\/P1D unfinished \(extract=succeeded transform=retrying load=-\)/,
  );
  assert.equal(result.interrupted, false);
});

test('an aborted signal stops publishing; the rest is reported unpublished', async () => {
  const controller = new AbortController();
  const bodies: Record<string, unknown>[] = [];
  const settled: string[][] = [];
  const result = await backfill({
    def: stock,
    from: parseInstant('2025-11-03'),
    to: parseInstant('2025-11-08'),
    force: false,
    concurrency: 1,
    topic: 't',
    publisher: {
      publish: async (_t, body) => {
        if (bodies.push(body) === 2) controller.abort('SIGINT');
        return 'id';
      },
    },
    ledger: memoryLedger({}),
    settle: async (slots) => void settled.push(slots),
    progress: () => {},
    signal: controller.signal,
  });
  assert.equal(bodies.length, 2);
  assert.equal(result.interrupted, true);
  assert.deepEqual(result.unpublished, [day(5), day(6), day(7)]);
  assert.deepEqual(settled.flat(), [day(3), day(4)], 'what was published still settles');
});

test('on the platform a unit still retrying or on a cluster is waited for, not published twice', async () => {
  const bodies: Record<string, unknown>[] = [];
  const settled: string[][] = [];
  const result = await backfill({
    def: stock,
    from: parseInstant('2025-11-03'),
    to: parseInstant('2025-11-05'),
    force: false,
    concurrency: 2,
    topic: 't',
    publisher: { publish: async (_t, body) => String(bodies.push(body)) },
    ledger: memoryLedger({ [day(3)]: { extract: 'succeeded', transform: 'submitted' } }),
    settle: async (slots) => void settled.push(slots),
    progress: () => {},
    stillRunning: inFlightOnPlatform,
  });
  assert.deepEqual(
    bodies.map((b) => b.slot),
    [day(4)],
  );
  assert.deepEqual(settled.flat(), [day(3), day(4)]);
  assert.deepEqual(result.resumed, []);
});

test('complete = loaded (even with failed checks) or empty; anything else started is unfinished', () => {
  assert.equal(
    isComplete({ extract: 'succeeded', transform: 'succeeded', load: 'check_failed' }),
    true,
  );
  assert.equal(isComplete({ extract: 'empty' }), true);
  assert.equal(isComplete({ extract: 'succeeded', transform: 'quarantined' }), false);
  assert.equal(isUnfinished({}), false, 'never started is not unfinished');
  assert.equal(isUnfinished({ extract: 'retrying' }), true);
});

test('batched: each group of days is extracted first, then ONE spark_batch message starts its run', async () => {
  const log: string[] = [];
  const result = await backfill({
    def: stock,
    from: parseInstant('2025-11-03'),
    to: parseInstant('2025-11-15'),
    force: false,
    concurrency: 2,
    batchDays: 4,
    topic: 'extract-stock',
    publisher: {
      publish: async (_t, body) => {
        log.push(
          body.spark_batch
            ? `batch ${(body.spark_batch as string[]).map((s) => s.slice(8, 10)).join(',')}`
            : `extract ${String(body.slot).slice(8, 10)}${body.batch === true ? ' deferred' : ''}`,
        );
        return 'id';
      },
    },
    ledger: memoryLedger({
      '2025-11-05T00:00+09:00/P1D': { extract: 'succeeded', load: 'succeeded' },
    }),
    settleExtracts: async (slots) => void log.push(`extracts settled ${slots.length}`),
    settle: async (slots) => void log.push(`settled ${slots.length}`),
    progress: () => {},
  });
  assert.equal(result.published.length, 9);
  assert.deepEqual(log, [
    'extract 03 deferred',
    'extract 04 deferred',
    'extracts settled 2',
    'extract 06 deferred',
    'extract 07 deferred',
    'extracts settled 2',
    'batch 03,04,06,07',
    'settled 4',
    'extract 10 deferred',
    'extract 11 deferred',
    'extracts settled 2',
    'extract 12 deferred',
    'extract 13 deferred',
    'extracts settled 2',
    'batch 10,11,12,13',
    'settled 4',
    'extract 14 deferred',
    'extracts settled 1',
    'batch 14',
    'settled 1',
    'settled 0',
  ]);
});

test('1 day per batch (or none given) is the unbatched flow; an extract settles once it ended', async () => {
  for (const batchDays of [1, undefined]) {
    const bodies: Record<string, unknown>[] = [];
    await backfill({
      def: stock,
      from: parseInstant('2025-11-03'),
      to: parseInstant('2025-11-05'),
      force: false,
      concurrency: 2,
      ...(batchDays ? { batchDays } : {}),
      topic: 'extract-stock',
      publisher: { publish: async (_t, body) => String(bodies.push(body)) },
      ledger: memoryLedger({}),
      settle: async () => {},
      progress: () => {},
    });
    assert.deepEqual(
      bodies.map((b) => Object.keys(b).sort().join(',')),
      ['resume,slot', 'resume,slot'],
    );
  }
  assert.equal(extractSettled({ extract: 'succeeded' }), true);
  assert.equal(extractSettled({ extract: 'retrying' }), false);
  assert.equal(extractSettled({}), false);
});
