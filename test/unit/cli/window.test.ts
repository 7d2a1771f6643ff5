import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWindow } from '../../../functions/cli/times.js';
import { planWindow } from '../../../functions/cli/window.js';

test('a keyed source runs every key whatever the window; a window source counts its slots', () => {
  const wide = parseWindow('2000-01-01', '2026-01-01');
  assert.equal(planWindow('certs', wide, false).slots, 6, 'six keys, no --yes needed');
  assert.equal(planWindow('certs', parseWindow('2024-01-01', '2024-01-02'), false).slots, 6);
  assert.throws(() => planWindow('stock', wide, false), /pass --yes/);
});
