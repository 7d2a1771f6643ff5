import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backfill, isSettled, waitForLedger } from '../../../functions/cli/backfill.js';
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
    body: { slot: '2025-11-03T00:00+09:00/P1D' },
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
