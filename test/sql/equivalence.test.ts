/**
 * Equivalence suite: every SQL function and construct the models use, with BigQuery's documented
 * result (equivalence-cases.ts), run on DuckDB the way the local warehouse runs it (sqlglot, the
 * adapter's session settings and parameter binding). A lint fails when a sql/ file uses a function
 * or construct no case covers. The whole file runs again in a child process under another TZ
 * (Asia/Seoul, or UTC when already on Seoul time), since dates must not shift with the laptop's zone.
 *
 *   node --import tsx --test test/sql/equivalence.test.ts
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  DuckDBArrayValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { bindings, SESSION_SETTINGS } from '../../functions/adapters/local/duckdb.js';
import { SqlTranspiler } from '../../functions/adapters/local/transpile.js';
import { SQL_DIR } from '../../functions/sqlfiles.js';
import { needTool } from '../support/tools.js';
import { PYTHON, runTranspiler, sqlglotAvailable, SQLGLOT_HINT } from '../support/sqlglot.js';
import { CASES, type EquivalenceCase } from './equivalence-cases.js';

const CHILD = process.env.EQUIVALENCE_TZ_CHILD === '1';
const transpiler = new SqlTranspiler(PYTHON);
after(() => transpiler.close());

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function micros(us: bigint): number {
  return Number(us / 1000n);
}

/** A DuckDB value in the suite's canonical form (see equivalence-cases.ts). */
function canonical(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof DuckDBDateValue) return iso(v.days * 86_400_000).slice(0, 10);
  if (v instanceof DuckDBTimestampTZValue) return iso(micros(v.micros));
  if (v instanceof DuckDBTimestampValue) return iso(micros(v.micros)).replace(/Z$/, '');
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(canonical);
  if (v instanceof DuckDBStructValue)
    return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, canonical(x)]));
  return String(v);
}

async function run(connection: DuckDBConnection, c: EquivalenceCase): Promise<unknown> {
  const statements = await transpiler.transpile(c.sql);
  let names: string[] = [];
  let rows: DuckDBValue[][] = [];
  for (const s of statements) {
    const reader = await connection.runAndReadAll(s.sql, bindings(s, c.params ?? {}));
    names = reader.columnNames();
    rows = reader.getRows();
  }
  if (rows.length === 1 && names.length === 1) return canonical(rows[0]![0]!);
  const byIndex =
    Array.isArray(c.expect) && Object.keys(c.expect[0] ?? {}).every((k) => /^\d+$/.test(k));
  return rows.map((r) =>
    Object.fromEntries(r.map((v, i) => [byIndex ? String(i) : names[i]!, canonical(v)])),
  );
}

async function session(): Promise<DuckDBConnection> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  for (const setting of SESSION_SETTINGS) await connection.run(setting);
  return connection;
}

const tz = process.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

for (const [i, c] of CASES.entries()) {
  const label = c.covers.join(', ') || 'parameters';
  test(`[TZ=${tz}] ${label}: ${c.sql.replace(/\s+/g, ' ').slice(0, 90)}`, async (t) => {
    if (!needTool(t, 'sqlglot', sqlglotAvailable, SQLGLOT_HINT)) return;
    const connection = await session();
    try {
      assert.deepEqual(
        await run(connection, c),
        c.expect,
        `case ${i} differs from BigQuery's documented result (${c.doc})`,
      );
    } finally {
      connection.closeSync();
    }
  });
}

if (!CHILD) {
  test('lint: every function and construct sql/ uses has an equivalence case', (t) => {
    if (!needTool(t, 'sqlglot', sqlglotAvailable, SQLGLOT_HINT)) return;
    const usage = JSON.parse(runTranspiler(['usage', '--sql', SQL_DIR])) as Record<
      string,
      string[]
    >;
    const covered = new Set(CASES.flatMap((c) => c.covers));
    const missing = Object.entries(usage).flatMap(([file, names]) =>
      names.filter((n) => !covered.has(n)).map((n) => `sql/${file}: ${n}`),
    );
    assert.deepEqual(
      missing,
      [],
      "add a case with BigQuery's documented result to test/sql/equivalence-cases.ts for each",
    );
  });

  test('lint: the usage scan finds calls and constructs, not table names or column lists', (t) => {
    if (!needTool(t, 'sqlglot', sqlglotAvailable, SQLGLOT_HINT)) return;
    // sql_transpile.py usage reads a folder; the shipped models make a realistic sample.
    const usage = JSON.parse(runTranspiler(['usage', '--sql', SQL_DIR])) as Record<
      string,
      string[]
    >;
    assert.deepEqual(usage['ddl/core.job_postings.sql'], []);
    assert.ok(usage['core/job_postings.sql']?.includes('merge'));
    assert.ok(usage['core/job_postings.sql']?.includes('insert row'));
    assert.ok(usage['core/job_postings.sql']?.includes('safe_offset'));
  });

  const other = tz === 'Asia/Seoul' ? 'UTC' : 'Asia/Seoul';
  test(`the same cases pass under TZ=${other}`, (t) => {
    if (!needTool(t, 'sqlglot', sqlglotAvailable, SQLGLOT_HINT)) return;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=dot', fileURLToPath(import.meta.url)],
      { encoding: 'utf8', env: { ...process.env, TZ: other, EQUIVALENCE_TZ_CHILD: '1' } },
    );
    assert.equal(child.status, 0, `under TZ=${other}:\n${child.stdout}\n${child.stderr}`);
  });
}
