import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitStatements, toDuckDb } from '../../../functions/adapters/local/googlesql.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

test('DDL: types map and BigQuery-only clauses are dropped', () => {
  const out = toDuckDb(`create table if not exists raw.t (
  a string not null,
  b int64,
  c array<string>,
  d timestamp,
  e numeric,
  f bool
)
partition by date(d)
cluster by a, b
options (require_partition_filter = true, description = 'x; (y)');`);
  assert.equal(
    squash(out),
    'create table if not exists raw.t ( a varchar not null, b bigint, c varchar[], d timestamptz, e decimal(38,9), f boolean ) ;',
  );
});

test('window partition by is kept; merge gets INTO; insert row becomes insert by name', () => {
  const out =
    toDuckDb(`merge core.t t using (select * from s qualify row_number() over (partition by k order by m desc) = 1) s on t.k = s.k
when not matched then insert row`);
  assert.match(out, /^merge into core\.t/);
  assert.match(out, /over \(partition by k order by m desc\)/);
  assert.match(out, /insert by name$/);
});

test('strings are never rewritten; raw strings, double quotes and backticks translate', () => {
  const out = toDuckDb(
    `select 'int64 string @slot_id', r'\\d+', "it's", \`my-project.raw.t\` from x`,
  );
  assert.equal(out, `select 'int64 string @slot_id', '\\d+', 'it''s', "my-project.raw.t" from x`);
});

test('parameters become typed literals; unknown or missing ones fail loudly', () => {
  const out = toDuckDb('select @slot_id, @slot_date, @slot_start', {
    slot_id: "a'b",
    slot_date: '2025-11-03',
    slot_start: new Date(0),
  });
  assert.equal(out, "select 'a''b', date '2025-11-03', timestamptz '1970-01-01T00:00:00.000Z'");
  assert.throws(() => toDuckDb('select @slot_id'), /has no value/);
  assert.throws(() => toDuckDb('select @nope', { nope: 'x' } as never), /unknown SQL parameter/);
});

test('functions with other shapes are rewritten; arrays become 1-based', () => {
  assert.equal(
    toDuckDb("select date(ts, 'Asia/Seoul')"),
    "select cast(timezone('Asia/Seoul', ts) as date)",
  );
  assert.equal(toDuckDb('select timestamp_trunc(ts, HOUR)'), "select date_trunc('hour', ts)");
  assert.equal(
    toDuckDb('select a[safe_offset(0)], a[offset(2)], a[ordinal(1)]'),
    'select a[1], a[3], a[1]',
  );
  assert.equal(
    toDuckDb('select safe_cast(x as int64), current_timestamp()'),
    'select try_cast(x as bigint), current_timestamp',
  );
  assert.equal(toDuckDb('select * except (a, b) from t'), 'select * exclude (a, b) from t');
  assert.equal(toDuckDb('select date(ts)'), 'select date(ts)', 'one-argument date() is left alone');
});

test('comments are dropped and scripts split at top-level semicolons only', () => {
  const out = toDuckDb("-- header; with a semicolon\ninsert into t values ('a;b'); select 1;");
  assert.deepEqual(splitStatements(out), ["insert into t values ('a;b')", 'select 1']);
});
