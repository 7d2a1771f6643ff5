/**
 * generated/duckdb/ is the DuckDB form of sql/, made by sqlglot (scripts/sql_transpile.py). It is
 * checked in so the local warehouse needs no Python to run a model; this test regenerates it into a
 * temp folder and fails when the committed copy has drifted from sql/ (or from the pinned sqlglot).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GENERATE_COMMAND,
  GENERATED_DIR,
  generatedStatements,
  parseGenerated,
} from '../../functions/adapters/local/transpile.js';
import { SQL_DIR } from '../../functions/sqlfiles.js';
import { needTool } from '../support/tools.js';
import { runTranspiler, sqlglotAvailable, SQLGLOT_HINT } from '../support/sqlglot.js';

function files(dir: string, under = ''): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(under, e.name);
    if (e.isDirectory()) return files(dir, rel);
    return e.name.endsWith('.sql') ? [rel] : [];
  });
}

test(`generated/duckdb/ is what \`${GENERATE_COMMAND}\` makes from sql/ today`, (t) => {
  if (!needTool(t, 'sqlglot', sqlglotAvailable, SQLGLOT_HINT)) return;
  const out = mkdtempSync(path.join(tmpdir(), 'duckdb-sync-'));
  try {
    runTranspiler(['generate', '--sql', SQL_DIR, '--out', out]);
    const fresh = files(out).sort();
    const committed = files(GENERATED_DIR).sort();
    const fix = `generated/duckdb/ is out of date: run \`${GENERATE_COMMAND}\` and commit the result`;
    assert.deepEqual(committed, fresh, `${fix} (files differ)`);
    for (const f of fresh)
      assert.equal(
        readFileSync(path.join(GENERATED_DIR, f), 'utf8'),
        readFileSync(path.join(out, f), 'utf8'),
        `${fix} (generated/duckdb/${f} differs)`,
      );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('every sql/ file has a current generated form the adapter can read', () => {
  // Without Python: the hash in each generated header must match its source.
  for (const f of files(SQL_DIR)) {
    const statements = generatedStatements(f, SQL_DIR);
    assert.ok(statements.length > 0, `generated/duckdb/${f} has no statement`);
    for (const s of statements) assert.doesNotMatch(s.sql, /@\w/, 'named parameters become $name');
  }
});

test('a multi-statement file splits at the generator markers, with each statement’s parameters', () => {
  const text = [
    '-- GENERATED from sql/x.sql',
    `-- source sha256: ${'0'.repeat(64)}`,
    '-- statement 1 of 2; parameters: -',
    'CREATE TABLE t (a TEXT);',
    '-- statement 2 of 2; parameters: slot_date, slot_id',
    "INSERT INTO t SELECT 'a;b' WHERE $slot_id = 'x' AND $slot_date IS NOT NULL;",
    '',
  ].join('\n');
  assert.deepEqual(parseGenerated(text).statements, [
    { sql: 'CREATE TABLE t (a TEXT)', params: [] },
    {
      sql: "INSERT INTO t SELECT 'a;b' WHERE $slot_id = 'x' AND $slot_date IS NOT NULL",
      params: ['slot_date', 'slot_id'],
    },
  ]);
});

test('a stale or missing generated file is an error naming the command to run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'duckdb-stale-'));
  try {
    assert.throws(
      () => generatedStatements('core/job_postings.sql', SQL_DIR, dir),
      new RegExp(`missing; run \`${GENERATE_COMMAND}\``),
    );
    const gen = path.join(dir, 'core');
    mkdirSync(gen, { recursive: true });
    writeFileSync(
      path.join(gen, 'job_postings.sql'),
      `-- source sha256: ${'0'.repeat(64)}\n-- statement 1 of 1; parameters: -\nSELECT 1;\n`,
    );
    assert.throws(
      () => generatedStatements('core/job_postings.sql', SQL_DIR, dir),
      new RegExp(`stale \\(sql/core/job_postings.sql changed\\); run \`${GENERATE_COMMAND}\``),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
