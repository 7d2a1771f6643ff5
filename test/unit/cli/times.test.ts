import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEdge, parseWindow, UsageError } from '../../../functions/cli/times.js';

test('impossible calendar values are refused, not rolled over', () => {
  assert.throws(
    () => parseEdge('2025-02-30', 'from'),
    /--from: 2025-02-30 is not a real date \(2025-02 has 28 days\)/,
  );
  assert.throws(() => parseEdge('2025-04-31T09:00', 'to'), /not a real date/);
  assert.throws(() => parseEdge('2025-13-01', 'from'), /no month 13/);
  assert.throws(() => parseEdge('2025-01-01T24:00', 'from'), /not a real time of day/);
  assert.equal(parseEdge('2024-02-29', 'from'), Date.parse('2024-02-29T00:00:00+09:00'));
});

test('dates and times are KST unless they carry an offset; now is now', () => {
  assert.equal(parseEdge('2025-09-15', 'from'), Date.parse('2025-09-15T00:00:00+09:00'));
  assert.equal(parseEdge('2025-09-15T09:00', 'from'), Date.parse('2025-09-15T00:00:00Z'));
  assert.equal(parseEdge('2025-09-15T09:00Z', 'from'), Date.parse('2025-09-15T09:00:00Z'));
  assert.equal(
    parseEdge('now', 'to', () => 42),
    42,
  );
  assert.throws(() => parseEdge('yesterday', 'from'), UsageError);
});

test('a slot id is its start as --from and its end as --to (the slot is included)', () => {
  const slot = '2025-09-15T09:00+09:00/PT1H';
  assert.deepEqual(parseWindow(slot, slot), {
    from: Date.parse('2025-09-15T09:00:00+09:00'),
    to: Date.parse('2025-09-15T10:00:00+09:00'),
  });
  assert.throws(() => parseEdge('2025-09-15T09:30+09:00/PT1H', 'from'), /not aligned/);
});

test('the end is exclusive and must follow the start', () => {
  assert.throws(() => parseWindow('2025-09-15', '2025-09-15'), /must be after --from/);
});
