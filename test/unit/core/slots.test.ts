import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  durationMs,
  enumerateSlots,
  formatSlot,
  parseInstant,
  parseSlot,
  scheduledSlot,
  slotFromPath,
  slotPath,
  slotYmd,
} from '../../../functions/core/slots.js';

const at = (iso: string) => Date.parse(iso);

test('a scheduled hourly message covers the previous full hour on the Asia/Seoul grid', () => {
  // Fired at 11:05 KST with a 1 h lag -> slot 10:00-11:00 KST.
  const slot = scheduledSlot(at('2026-11-23T11:05:00+09:00'), { period: 'PT1H', lag: 'PT1H' });
  assert.equal(formatSlot(slot), '2026-11-23T10:00+09:00/PT1H');
});

test('a scheduled business-day message on Monday covers Friday', () => {
  const schedule = { period: 'P1D' as const, lag: 'P1D', businessDaysOnly: true };
  assert.equal(
    formatSlot(scheduledSlot(at('2025-11-10T13:30:00+09:00'), schedule)),
    '2025-11-07T00:00+09:00/P1D',
  );
  assert.equal(
    formatSlot(scheduledSlot(at('2025-11-11T13:30:00+09:00'), schedule)),
    '2025-11-10T00:00+09:00/P1D',
  );
});

test('the KST day boundary is 15:00 UTC, not midnight UTC', () => {
  const slot = scheduledSlot(at('2025-11-10T15:30:00Z'), { period: 'P1D', lag: 'PT0M' });
  assert.equal(formatSlot(slot), '2025-11-11T00:00+09:00/P1D');
});

test('enumerating a window skips weekends for business-day schedules', () => {
  const slots = enumerateSlots(parseInstant('2025-11-03'), parseInstant('2025-11-15'), {
    period: 'P1D',
    lag: 'P1D',
    businessDaysOnly: true,
  });
  assert.equal(slots.length, 10);
  assert.equal(formatSlot(slots[0]!), '2025-11-03T00:00+09:00/P1D');
  assert.equal(formatSlot(slots.at(-1)!), '2025-11-14T00:00+09:00/P1D');
});

test('enumerating 20-minute slots is half-open and aligned', () => {
  const slots = enumerateSlots(parseInstant('2026-11-23T10:05'), parseInstant('2026-11-23T11:00'), {
    period: 'PT20M',
    lag: 'PT15M',
  });
  assert.deepEqual(slots.map(formatSlot), [
    '2026-11-23T10:20+09:00/PT20M',
    '2026-11-23T10:40+09:00/PT20M',
  ]);
});

test('slot ids and object paths round-trip', () => {
  const slot = parseSlot('2026-11-23T10:00+09:00/PT1H');
  assert.equal(slotPath(slot), 'dt=2026-11-23/slot=1000');
  assert.deepEqual(slotFromPath('saramin/job_postings/dt=2026-11-23/slot=1000.json', 'PT1H'), slot);
  assert.equal(slotYmd(slot), '20261123');
  assert.deepEqual(parseSlot('2026-11-23T01:00Z/PT1H'), slot);
});

test('malformed or off-grid slots are permanent errors', () => {
  assert.throws(() => parseSlot('yesterday'), { code: 'SLOT.MALFORMED' });
  assert.throws(() => parseSlot('2026-11-23T10:30+09:00/PT1H'), { code: 'SLOT.OFF_GRID' });
  assert.throws(() => slotFromPath('saramin/job_postings/latest.json', 'PT1H'), {
    code: 'SLOT.PATH',
  });
  assert.throws(() => durationMs('1 hour'), { code: 'SLOT.BAD_DURATION' });
  assert.throws(() => parseInstant('not a date'), { code: 'SLOT.BAD_TIME' });
});

test('durations and instants parse as documented', () => {
  assert.equal(durationMs('PT1H'), 3600_000);
  assert.equal(durationMs('P1DT2H30M'), (24 * 60 + 150) * 60_000);
  assert.equal(parseInstant('2025-11-03'), at('2025-11-03T00:00:00+09:00'));
  assert.equal(parseInstant('2025-11-03T10:00'), at('2025-11-03T10:00:00+09:00'));
  assert.equal(parseInstant('2025-11-03T10:00Z'), at('2025-11-03T10:00:00Z'));
});
