/**
 * sql/ddl is the single source of truth for table shapes; terraform/modules/warehouse/schemas is
 * generated from it. These tests pin the parser on a sample DDL and fail when the committed
 * schemas drift from sql/ddl.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import {
  DEFAULT_DDL_DIR,
  DEFAULT_SCHEMA_DIR,
  DdlError,
  diffSchemas,
  parseDdl,
  readDdlDir,
  readSchemaDir,
  renderSchemas,
} from '../../scripts/ddl-to-schema.js';
import { blocksOf, loadModule } from './terraform-model.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const FIXTURE_DDL = path.join(HERE, 'fixtures', 'ddl');

test('parses columns, NOT NULL, arrays, partitioning, clustering and options from the sample DDL', () => {
  const specs = readDdlDir(FIXTURE_DDL);
  const byName = new Map(specs.map((s) => [`${s.dataset}.${s.table}`, s]));
  assert.deepEqual([...byName.keys()].sort(), [
    'core.stock_prices',
    'meta.job_codes',
    'ops.pipeline_runs',
    'raw.population_hourly',
  ]);

  const runs = byName.get('ops.pipeline_runs')!;
  assert.deepEqual(runs.timePartitioning, {
    type: 'DAY',
    field: 'started_at',
    expirationDays: null,
  });
  assert.deepEqual(runs.clustering, ['source', 'dataset', 'stage']);
  assert.equal(runs.requirePartitionFilter, true);
  assert.equal(runs.description, 'Run ledger: one row per stage execution');
  assert.deepEqual(
    runs.schema.find((f) => f.name === 'rows_in'),
    { name: 'rows_in', type: 'INTEGER', mode: 'NULLABLE' },
  );
  assert.deepEqual(
    runs.schema.find((f) => f.name === 'run_id'),
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED' },
  );

  const prices = byName.get('core.stock_prices')!;
  assert.deepEqual(prices.timePartitioning, {
    type: 'DAY',
    field: 'base_date',
    expirationDays: 3650,
  });
  const types = Object.fromEntries(prices.schema.map((f) => [f.name, `${f.type}/${f.mode}`]));
  assert.deepEqual(types, {
    base_date: 'DATE/REQUIRED',
    ticker: 'STRING/REQUIRED',
    isin: 'STRING/NULLABLE',
    name: 'STRING/NULLABLE',
    market: 'STRING/NULLABLE',
    close_price: 'NUMERIC/NULLABLE',
    change_rate: 'FLOAT/NULLABLE',
    volume: 'INTEGER/NULLABLE',
    is_suspended: 'BOOLEAN/NULLABLE',
    tags: 'STRING/REPEATED',
    extra: 'JSON/NULLABLE',
    loaded_at: 'TIMESTAMP/REQUIRED',
  });

  assert.deepEqual(byName.get('raw.population_hourly')!.timePartitioning, {
    type: 'HOUR',
    field: 'observed_at',
    expirationDays: null,
  });
  const codes = byName.get('meta.job_codes')!;
  assert.equal(codes.timePartitioning, null);
  assert.equal(codes.requirePartitionFilter, false);
});

test('refuses what it cannot translate, naming the file and line', () => {
  assert.throws(
    () => parseDdl('create table raw.t (\n  a string,\n  b struct<x int64>\n);', 'bad.sql'),
    (e: unknown) =>
      e instanceof DdlError && /bad\.sql:3: column b: unsupported type/.test(e.message),
  );
  assert.throws(
    () => parseDdl('create table raw.t (\n  a string\n)\npartition by b;', 'p.sql'),
    /partition column b/,
  );
  assert.throws(
    () =>
      parseDdl(
        'create table raw.t (\n  a date\n)\noptions (require_partition_filter = true);',
        'r.sql',
      ),
    /require_partition_filter without partition by/,
  );
  assert.throws(
    () => parseDdl('create table raw.t (\n  a date\n)\ncluster by z;', 'c.sql'),
    /cluster column z/,
  );
});

test('the generated files are valid BigQuery schema JSON the warehouse module can read', () => {
  const files = renderSchemas(readDdlDir(FIXTURE_DDL));
  const body = JSON.parse(files.get('core.stock_prices.json')!);
  assert.equal(body.dataset, 'core');
  assert.equal(body.require_partition_filter, true);
  assert.deepEqual(body.time_partitioning, {
    type: 'DAY',
    field: 'base_date',
    expiration_days: 3650,
  });
  for (const f of body.schema)
    assert.match(f.type, /^(STRING|INTEGER|FLOAT|NUMERIC|BOOLEAN|DATE|TIMESTAMP|JSON)$/);
});

test('the sync check notices a DDL change that was not regenerated', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ddl-sync-'));
  try {
    cpSync(FIXTURE_DDL, path.join(dir, 'ddl'), { recursive: true });
    const out = path.join(dir, 'schemas');
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'scripts/ddl-to-schema.ts'),
          '--ddl',
          path.join(dir, 'ddl'),
          '--out',
          out,
          ...args,
        ],
        { encoding: 'utf8', cwd: ROOT },
      );
    assert.equal(run().status, 0);
    assert.equal(run('--check').status, 0, 'freshly generated files are in sync');
    const ddl = path.join(dir, 'ddl', 'meta.job_codes.sql');
    writeFileSync(
      ddl,
      readFileSync(ddl, 'utf8').replace(
        'name string not null',
        'name string not null,\n  name_en string',
      ),
    );
    const stale = run('--check');
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /stale meta\.job_codes\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('terraform/modules/warehouse/schemas is in sync with sql/ddl', () => {
  const problems = diffSchemas(
    renderSchemas(readDdlDir(DEFAULT_DDL_DIR)),
    readSchemaDir(DEFAULT_SCHEMA_DIR),
  );
  assert.deepEqual(problems, [], 'run: npx tsx scripts/ddl-to-schema.ts');
});

test('every generated table lands in a dataset the warehouse module creates', async () => {
  const warehouse = await loadModule(path.join(ROOT, 'terraform/modules/warehouse'));
  const datasets = Object.keys(
    (blocksOf(new Map([['w', warehouse]]), 'variable').find((v) => v.name === 'datasets')?.body
      .default ?? {}) as object,
  );
  assert.deepEqual(datasets.sort(), ['core', 'mart', 'meta', 'ops', 'raw', 'staging']);
  for (const s of readDdlDir(DEFAULT_DDL_DIR))
    assert.ok(
      datasets.includes(s.dataset),
      `${s.dataset}.${s.table}: dataset ${s.dataset} is not created`,
    );
});
