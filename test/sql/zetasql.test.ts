/**
 * Every file in sql/ must be valid GoogleSQL according to Google's ZetaSQL analyzer, with a catalog
 * built from the DDL in sql/ itself. Run: node --import tsx --test test/sql/zetasql.test.ts
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUMMARY_SQL } from '../../functions/cli/summary.js';
import {
  EVENT_ATTEMPTS_SQL,
  SLOT_STATUS_SQL,
  STAGE_EPISODE_SQL,
  UNFINISHED_SQL,
} from '../../functions/core/ledger.js';
import { mergeSql } from '../../functions/core/table.js';
import { reconciliationSql } from '../../functions/stages/reconcile.js';
import { SOURCES } from '../../functions/sources/registry.js';
import { needTool } from '../support/tools.js';
import {
  formatDiagnostic,
  sqlFilesInOrder,
  validateSqlTree,
  ZetaSqlValidator,
  type FileResult,
} from './zetasql.js';

const SQL_ROOT = fileURLToPath(new URL('../../sql/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ROOTS = { sql: SQL_ROOT, fixtures: FIXTURES } as const;

let validator: ZetaSqlValidator | undefined;
let startError = '';
const results = new Map<string, FileResult>(); // key: '<root name>/<file relative to root>'

before(async () => {
  try {
    validator = await ZetaSqlValidator.start();
  } catch (e) {
    startError = e instanceof Error ? e.message : String(e);
    return;
  }
  for (const [name, root] of Object.entries(ROOTS))
    for (const r of await validateSqlTree(root, validator)) results.set(`${name}/${r.file}`, r);
});

after(async () => {
  await validator?.close();
});

/** The validator, or undefined after skipping the test because the server could not start. */
function zetasql(t: TestContext): ZetaSqlValidator | undefined {
  return needTool(t, 'zetasql remote_server', validator !== undefined, startError)
    ? validator
    : undefined;
}

function assertAccepted(t: TestContext, key: string): void {
  if (!zetasql(t)) return;
  const r = results.get(key);
  assert.ok(r, `${key} was not analyzed`);
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [], `ZetaSQL rejects ${key}`);
  t.diagnostic(
    `${r.statements} statement(s), ${r.timings.map((ms) => ms.toFixed(1)).join(' + ')} ms`,
  );
}

const sqlFiles = sqlFilesInOrder(SQL_ROOT);

test('sql/ holds at least one .sql file', () => {
  assert.ok(sqlFiles.length > 0, `no .sql file under ${SQL_ROOT}`);
});

for (const file of sqlFiles) {
  const key = `sql/${path.relative(SQL_ROOT, file)}`;
  test(`ZetaSQL accepts ${key}`, (t) => assertAccepted(t, key));
}

// The validator's own samples: prove the positive path (DDL -> catalog -> MERGE/views/checks).
for (const file of sqlFilesInOrder(FIXTURES)) {
  const key = `fixtures/${path.relative(FIXTURES, file)}`;
  test(`ZetaSQL accepts test/sql/${key}`, (t) => assertAccepted(t, key));
}

test('a multi-statement seed is split by ZetaSQL, not fooled by ; in strings and comments', (t) => {
  if (!zetasql(t)) return;
  assert.equal(results.get('fixtures/meta/job_types.sql')?.statements, 2);
});

test('statement timings', (t) => {
  if (!zetasql(t)) return;
  const ms = [...results.values()].flatMap((r) => r.timings);
  const total = ms.reduce((a, b) => a + b, 0);
  t.diagnostic(
    `${ms.length} statements, total ${total.toFixed(0)} ms, mean ${(total / Math.max(ms.length, 1)).toFixed(1)} ms, ` +
      `max ${Math.max(0, ...ms).toFixed(1)} ms`,
  );
});

/** Each snippet must be rejected with a message matching the pattern, at the statement given. */
const rejected: { name: string; sql: string; statement: number; error: RegExp }[] = [
  { name: 'a syntax error', sql: 'selec 1 from t.x', statement: 0, error: /Syntax error/ },
  {
    name: 'an unknown column',
    sql: 'select b from t.x',
    statement: 0,
    error: /Unrecognized name: b/,
  },
  {
    name: 'an unknown table',
    sql: 'select a from t.nope',
    statement: 0,
    error: /Table not found: t\.nope/,
  },
  {
    name: 'a type error',
    sql: "select 'a' + 1",
    statement: 0,
    error: /cast|No matching signature/i,
  },
  {
    name: 'a type error in a column',
    sql: 'select a from t.x where a = true',
    statement: 0,
    error: /No matching signature/,
  },
  {
    name: 'an unknown query parameter',
    sql: 'select @slot',
    statement: 0,
    error: /Query parameter 'slot' not found.*known parameters: @slot_id/,
  },
  {
    name: 'an error in the second statement',
    sql: "select 1; select a from t.x where a = 'x';",
    statement: 1,
    error: /No matching signature/,
  },
];

test('GoogleSQL embedded in TypeScript is valid against the sql/ catalog', async (t) => {
  const v = zetasql(t);
  if (!v) return;
  await validateSqlTree(SQL_ROOT, v);
  // The MERGE generated from each merged table's declaration (core/table.ts mergeSql).
  const merges = Object.fromEntries(
    SOURCES.flatMap((s) => s.tables)
      .filter((l) => l.mode === 'merge')
      .map((l) => [`mergeSql(${l.table.name})`, mergeSql(l.table)]),
  );
  assert.ok(Object.keys(merges).length > 0);
  // The reconciliation generated for each source (stages/reconcile.ts).
  for (const s of SOURCES) merges[`reconciliationSql(${s.source})`] = reconciliationSql(s);
  for (const [name, sql] of Object.entries({
    SLOT_STATUS_SQL,
    SUMMARY_SQL,
    EVENT_ATTEMPTS_SQL,
    STAGE_EPISODE_SQL,
    UNFINISHED_SQL,
    ...merges,
  })) {
    const r = await v.analyzeFile(name, sql);
    assert.deepEqual(r.diagnostics.map(formatDiagnostic), [], name);
  }
});

for (const c of rejected) {
  test(`ZetaSQL rejects ${c.name}`, async (t) => {
    const v = zetasql(t);
    if (!v) return;
    await v.reset();
    const ddl = await v.analyzeFile('ddl.sql', 'create table t.x (a int64);');
    assert.deepEqual(ddl.diagnostics, []);
    const r = await v.analyzeFile('negative.sql', c.sql);
    const d = r.diagnostics[0];
    assert.ok(d, `expected ZetaSQL to reject: ${c.sql}`);
    assert.match(d.message, c.error);
    assert.equal(d.statement, c.statement);
    assert.equal(typeof d.line, 'number');
  });
}
