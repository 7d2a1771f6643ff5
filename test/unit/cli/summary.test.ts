import assert from 'node:assert/strict';
import { test } from 'node:test';
import stringWidth from 'string-width';
import { outcomeOf, summarize, table } from '../../../functions/cli/summary.js';
import type { Warehouse } from '../../../functions/core/ports.js';

test('Korean text is aligned by display width', () => {
  const out = table([
    { name: '서울특별시', n: 1 },
    { name: 'Busan', n: 22 },
  ]).split('\n');
  const widths = out.map((l) => stringWidth(l));
  assert.deepEqual(widths, [widths[0], widths[0], widths[0], widths[0]], out.join('\n'));
  assert.ok(out[2]!.endsWith(' 1') && out[3]!.endsWith('22'), 'numbers right-aligned');
});

test('outcome per slot: loaded, empty, unchanged (no-op), failed', () => {
  assert.equal(
    outcomeOf({ extract: 'succeeded', transform: 'succeeded', load: 'succeeded' }),
    'loaded',
  );
  assert.equal(outcomeOf({ extract: 'empty', transform: '-', load: '-' }), 'empty');
  assert.equal(outcomeOf({ extract: 'succeeded', transform: '-', load: '-' }), 'unchanged');
  assert.equal(outcomeOf({ extract: 'succeeded', transform: 'quarantined', load: '-' }), 'failed');
  assert.equal(outcomeOf({ extract: 'succeeded', transform: 'submitted', load: '-' }), 'running');
});

test('only ledger rows from this run count; earlier runs do not leak into the summary', async () => {
  const since = new Date('2025-09-20T00:00:00Z');
  const old = new Date('2025-09-19T00:00:00Z');
  const rows = [
    {
      slot_id: 'a',
      stage: 'extract',
      status: 'succeeded',
      rows_out: 5,
      api_total: 5,
      object: 'o',
      started_at: since,
    },
    { slot_id: 'a', stage: 'transform', status: 'succeeded', rows_out: 5, started_at: old },
    { slot_id: 'a', stage: 'load', status: 'succeeded', rows_out: 5, started_at: old },
  ];
  const wh = { query: async () => rows } as unknown as Warehouse;
  const [a, b] = await summarize(wh, 's', 'd', ['a', 'b'], since, new Set(['b']));
  assert.deepEqual(
    [a!.outcome, a!.transform, a!.load, a!.loaded_rows],
    ['unchanged', '-', '-', null],
  );
  assert.equal(b!.outcome, 'skipped');
});
