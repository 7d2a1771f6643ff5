import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  col,
  mergeSql,
  mergedTarget,
  rawDdl,
  rowProblem,
  table,
  targetDdl,
  validateRows,
} from '../../../functions/core/table.js';

const t = table({
  name: 'core.things',
  grain: 'one row per thing and time',
  columns: {
    id: col.string('id', 'REQUIRED'),
    at: col.timestamp('when', 'REQUIRED'),
    n: col.int64('count'),
    x: col.float64('ratio'),
    ok: col.bool('flag'),
    day: col.date('day'),
    tags: col.string('tags', 'REPEATED'),
  },
  key: ['id', 'at'],
  partitionBy: 'at',
  clusterBy: ['id'],
});
const good = {
  id: 'a',
  at: '2025-01-01T00:00:00.000Z',
  n: 3,
  x: 0.5,
  ok: true,
  day: '2025-01-01',
  tags: ['p'],
};

test('a row matching its declaration passes; every kind of drift is named', () => {
  assert.equal(rowProblem(t, good), undefined);
  assert.equal(rowProblem(t, { ...good, n: null, x: null, ok: null, day: null }), undefined);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...good, id: undefined }, /id is required/],
    [{ ...good, n: { value: 3 } }, /n is not INT64/],
    [{ ...good, n: 1.5 }, /n is not INT64/],
    [{ ...good, x: '0.5' }, /x is not FLOAT64/],
    [{ ...good, ok: 'Y' }, /ok is not BOOL/],
    [{ ...good, day: '2025-13-45' }, /day is not DATE/],
    [{ ...good, at: '2025-01-01 09:00' }, /at is not TIMESTAMP/],
    [{ ...good, tags: 'p' }, /tags should be a list/],
    [{ ...good, tags: ['p', 3] }, /tags\[1\] is not STRING/],
    [{ ...good, extra: 1 }, /extra is not a column/],
  ];
  for (const [row, re] of cases) assert.match(rowProblem(t, row) ?? '', re);
});

test('validateRows throws a permanent SCHEMA_DRIFT carrying the payload', () => {
  assert.throws(
    () => validateRows(t, [good, { ...good, n: 'x' }], 'SRC', '{"body":1}'),
    (e: { kind: string; code: string; message: string; payload: string }) => {
      assert.equal(e.kind, 'permanent');
      assert.equal(e.code, 'SRC.SCHEMA_DRIFT');
      assert.match(e.message, /core\.things row 1: n/);
      assert.equal(e.payload, '{"body":1}');
      return true;
    },
  );
});

test('declarations are checked: keys must be required columns', () => {
  assert.throws(
    () => table({ name: 'core.bad', grain: 'g', columns: { a: col.string('a') }, key: ['a'] }),
    /key column a must be REQUIRED/,
  );
});

test('DDL, raw landing table and MERGE derive from the declaration', () => {
  const ddl = targetDdl(mergedTarget(t), 'x.ts');
  assert.match(ddl, /create table if not exists core\.things \(/);
  assert.match(ddl, /tags array<string> options/);
  assert.match(ddl, /_last_slot_id string not null/);
  assert.match(
    ddl,
    /partition by date\(at\)\ncluster by id\noptions \(require_partition_filter = true/,
  );
  const raw = rawDdl(t, 'x.ts');
  assert.match(raw, /create table if not exists raw\.things/);
  assert.match(raw, /_slot_id string not null/);
  assert.match(raw, /partition by _slot_date\ncluster by _slot_id/);
  const merge = mergeSql(t);
  assert.match(merge, /^merge core\.things t/);
  assert.match(merge, /where _slot_date = @slot_date and _slot_id = @slot_id/);
  assert.match(merge, /partition by id, at order by _slot_id desc/);
  assert.match(merge, /on t\.id = s\.id and t\.at = s\.at/);
  assert.match(merge, /update set n = s\.n, .*_last_slot_id = s\._slot_id/);
});

test('DATE and TIMESTAMP values pass exactly when Date.parse reads them (the check reads digits)', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  let seed = 11;
  const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
  const days = ['2025-02-29', '2024-02-30', '2025-04-31', '2025-00-10', '2025-13-01', '2025-01-32'];
  const times = ['2025-01-01T24:00:00Z', '2025-01-01T24:00:01Z', '2025-01-01T24:00:00.000Z'];
  for (let i = 0; i < 3000; i++) {
    const day = `${1990 + next(60)}-${two(next(14))}-${two(next(33))}`;
    days.push(day);
    times.push(
      `${day}T${two(next(26))}:${two(next(61))}:${two(next(61))}${next(2) ? '.250' : ''}Z`,
    );
  }
  for (const day of days)
    assert.equal(
      rowProblem(t, { ...good, day }) === undefined,
      !Number.isNaN(Date.parse(day)),
      `DATE ${day}`,
    );
  for (const at of times)
    assert.equal(
      rowProblem(t, { ...good, at }) === undefined,
      !Number.isNaN(Date.parse(at)),
      `TIMESTAMP ${at}`,
    );
});
