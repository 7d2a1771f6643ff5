import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSlot } from '../../../functions/core/slots.js';
import {
  keyUnit,
  parseUnitId,
  slotUnit,
  unitFromPath,
  unitWindow,
} from '../../../functions/core/units.js';

test('window and snapshot units are slots: id, path, KST date and window', () => {
  const u = slotUnit(parseSlot('2025-11-14T00:20+09:00/PT20M'));
  assert.equal(u.id, '2025-11-14T00:20+09:00/PT20M');
  assert.equal(u.path, 'dt=2025-11-14/slot=0020');
  assert.equal(u.date, '2025-11-14');
  assert.equal(u.end.getTime() - u.start.getTime(), 20 * 60_000);
  assert.deepEqual(
    unitFromPath('seoul_population/hotspots/dt=2025-11-14/slot=0020.jsonl', 'PT20M'),
    u,
  );
  assert.deepEqual(parseUnitId(u.id), u);
});

test('keyed units: named, one partition date, names and SQL windows derive from the key', () => {
  const u = keyUnit('2023');
  assert.equal(u.id, 'key=2023');
  assert.equal(u.path, 'key=2023');
  assert.deepEqual(parseUnitId('key=2023'), u);
  assert.deepEqual(unitFromPath('senior_projects/projects/key=2023.jsonl', 'P1D'), u);
  assert.deepEqual(unitFromPath('senior_projects/projects/key=2023/_SUCCESS', 'P1D'), u);
  assert.equal(unitWindow('s', 'd', u).slotId, 'key=2023');
  assert.throws(() => keyUnit('../etc'), { code: 'UNIT.BAD_KEY' });
  assert.throws(() => keyUnit(''), { code: 'UNIT.BAD_KEY' });
});
