/**
 * BigQueryWarehouse driven through the real @google-cloud/bigquery client against a recording fake of
 * the REST API (test/fakes/gcp-bigquery.ts). Asserts the exact jobs the pipeline's idempotency rests
 * on: deterministic job ids, WRITE_TRUNCATE loads into a staging table / a `table$YYYYMMDD` partition,
 * the transactional merge script with typed named parameters, and "409 Already Exists => ran: false".
 */
import { readSql } from '../../functions/sqlfiles.js';
import { replaceSql } from '../../functions/core/table.js';
import { certExamStats } from '../../functions/sources/certs/tables.js';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import { bigQueryError, BigQueryWarehouse } from '../../functions/adapters/gcp/bigquery.js';
import { PermanentError, TransientError } from '../../functions/core/errors.js';
import type { RunRecord } from '../../functions/core/ledger.js';
import type { SlotLoad } from '../../functions/core/ports.js';
import { startFakeBigQuery, type FakeBigQuery, type FakeJob } from '../fakes/gcp-bigquery.js';

const PROJECT = 'test-project';
const RAW_FIELDS = [
  { name: 'posting_id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'title', type: 'STRING', mode: 'NULLABLE' },
  { name: 'location_codes', type: 'STRING', mode: 'REPEATED' },
  { name: '_slot_id', type: 'STRING', mode: 'REQUIRED' },
  { name: '_slot_date', type: 'DATE', mode: 'REQUIRED' },
];
const NOW = Date.parse('2025-08-01T02:00:00Z');

let fake: FakeBigQuery;
let warehouse: BigQueryWarehouse;

function slotLoad(generation: string): SlotLoad {
  return {
    source: 'saramin',
    dataset: 'job_postings',
    slotId: '2025-08-01T10:00+09:00/PT1H',
    slotStart: new Date('2025-08-01T01:00:00Z'),
    slotEnd: new Date('2025-08-01T02:00:00Z'),
    slotDate: '2025-08-01',
    object: {
      bucket: 'proj-curated',
      name: 'saramin/job_postings/dt=2025-08-01/slot=1000.ndjson',
      generation,
    },
    jobId: `load_saramin_job_postings_dt20250801slot1000_${generation}`,
  };
}

function jobInserts(): { jobId: string; configuration: FakeJob['configuration'] }[] {
  return fake.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'))
    .map((r) => {
      const body = r.body as {
        jobReference: { jobId: string };
        configuration: FakeJob['configuration'];
      };
      return { jobId: body.jobReference.jobId, configuration: body.configuration };
    });
}

const STOCK_TABLE = JSON.parse(
  readFileSync(
    new URL('../../terraform/modules/warehouse/schemas/core.stock_prices.json', import.meta.url),
    'utf8',
  ),
) as { schema: { name: string; type: string; mode: string }[] };
const STOCK_FIELDS = STOCK_TABLE.schema;

before(async () => {
  fake = await startFakeBigQuery({
    projectId: PROJECT,
    tables: {
      'raw.saramin_job_postings': { schema: { fields: RAW_FIELDS } },
      // As Terraform creates it (schemas/*.json from sql/ddl): REQUIRED keys, partitioned, clustered.
      'core.stock_prices': {
        schema: { fields: STOCK_FIELDS },
        timePartitioning: { type: 'DAY', field: 'base_date' },
        clustering: { fields: ['market', 'ticker'] },
      },
    },
  });
  // No credentials here: a static access token satisfies the client's auth step without any network.
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'test-token' });
  const bigquery = new BigQuery({
    apiEndpoint: fake.url,
    projectId: PROJECT,
    authClient,
    autoRetry: false,
  });
  warehouse = new BigQueryWarehouse({
    projectId: PROJECT,
    bigquery,
    now: () => NOW,
    sleep: async () => {},
    pollMs: 1,
  });
});

after(async () => {
  await fake.close();
});

test('mergeSlot: a LOAD into a per-job staging table, then one transactional script job with typed params', async () => {
  fake.loadRows = 3;
  const load = {
    ...slotLoad('1754010000000001'),
    rawTable: 'raw.saramin_job_postings',
    statements: [readSql('core/job_postings.sql')],
  };
  const result = await warehouse.mergeSlot(load);
  assert.deepEqual(result, { ran: true, rowsLoaded: 3 });

  const [loadJob, mergeJob, ...others] = jobInserts();
  assert.equal(others.length, 0);
  assert.ok(loadJob && mergeJob);
  assert.equal(loadJob.jobId, load.jobId);
  const l = loadJob.configuration.load!;
  assert.equal(l.sourceFormat, 'NEWLINE_DELIMITED_JSON');
  assert.deepEqual(l.sourceUris, [
    'gs://proj-curated/saramin/job_postings/dt=2025-08-01/slot=1000.ndjson',
  ]);
  assert.equal(l.writeDisposition, 'WRITE_TRUNCATE');
  assert.equal(l.destinationTable?.projectId, PROJECT);
  assert.equal(l.destinationTable?.datasetId, 'raw');
  assert.match(l.destinationTable?.tableId ?? '', /^saramin_job_postings__stage_[0-9a-f]{16}$/);
  assert.deepEqual(
    l.schema,
    { fields: RAW_FIELDS },
    "the raw table's schema, fetched from its metadata",
  );

  const staging = fake.tables.get(`raw.${l.destinationTable?.tableId}`);
  assert.ok(staging, 'the staging table was created before the load');
  assert.equal(
    staging.expirationTime,
    String(NOW + 24 * 3600 * 1000),
    'staging expires after a day',
  );

  assert.equal(mergeJob.jobId, `${load.jobId}_merge`);
  const q = mergeJob.configuration.query!;
  assert.equal(q.useLegacySql, false);
  assert.equal(q.parameterMode, 'NAMED');
  const script = q.query;
  assert.ok(script.startsWith('begin transaction;\n'));
  assert.ok(
    script.includes(
      'delete from raw.saramin_job_postings where _slot_date = @slot_date and _slot_id = @slot_id;',
    ),
  );
  assert.ok(
    script.includes(
      `insert into raw.saramin_job_postings select * from raw.${l.destinationTable?.tableId};`,
    ),
  );
  assert.ok(
    script.includes('merge core.job_postings t'),
    'the model file is part of the transaction',
  );
  assert.ok(script.trimEnd().endsWith('commit transaction;'));
  const params = Object.fromEntries((q.queryParameters ?? []).map((p) => [p.name, p]));
  assert.deepEqual(params.slot_date, {
    name: 'slot_date',
    parameterType: { type: 'DATE' },
    parameterValue: { value: '2025-08-01' },
  });
  assert.deepEqual(params.slot_id, {
    name: 'slot_id',
    parameterType: { type: 'STRING' },
    parameterValue: { value: '2025-08-01T10:00+09:00/PT1H' },
  });
  assert.deepEqual(params.slot_start, {
    name: 'slot_start',
    parameterType: { type: 'TIMESTAMP' },
    parameterValue: { value: '2025-08-01T01:00:00.000Z' },
  });
  assert.deepEqual(params.slot_end?.parameterType, { type: 'TIMESTAMP' });
  assert.deepEqual(params.source?.parameterValue, { value: 'saramin' });
});

test('mergeSlot again with the same job id: 409 on both jobs -> ran: false and no new job', async () => {
  const jobsBefore = fake.jobs.size;
  const insertsBefore = jobInserts().length;
  const load = {
    ...slotLoad('1754010000000001'),
    rawTable: 'raw.saramin_job_postings',
    statements: [readSql('core/job_postings.sql')],
  };
  const result = await warehouse.mergeSlot(load);
  assert.deepEqual(result, { ran: false, rowsLoaded: 3 }, 'rows come from the earlier load job');
  assert.equal(fake.jobs.size, jobsBefore, 'no second job was created');
  const retried = jobInserts()
    .slice(insertsBefore)
    .map((j) => j.jobId);
  assert.deepEqual(
    retried,
    [load.jobId, `${load.jobId}_merge`],
    'both ids were tried once and answered 409',
  );
  const lookups = fake.requests.filter(
    (r) => r.method === 'GET' && r.path.endsWith(`/jobs/${load.jobId}_merge`),
  );
  assert.ok(
    lookups.length >= 1 && lookups.every((r) => r.query.location === fake.location),
    'the existing job was fetched in its location',
  );
});

test('an earlier delivery whose merge job FAILED: the spent id is skipped and <id>_merge_r2 runs', async () => {
  const load = {
    ...slotLoad('1754010000000002'),
    rawTable: 'raw.saramin_job_postings',
    statements: [readSql('core/job_postings.sql')],
  };
  fake.seedJob(`${load.jobId}_merge`, 'backendError');
  const result = await warehouse.mergeSlot(load);
  assert.equal(result.ran, true);
  assert.ok(fake.jobs.has(`${load.jobId}_merge_r2`));
  // A third delivery finds r2 done: nothing runs again.
  const again = await warehouse.mergeSlot(load);
  assert.equal(again.ran, false);
  assert.equal(fake.jobs.has(`${load.jobId}_merge_r3`), false);
});

test('a failed job is classified by its reason: backendError transient, invalid permanent', async () => {
  const transient = {
    ...slotLoad('1754010000000003'),
    rawTable: 'raw.saramin_job_postings',
    statements: [],
  };
  fake.failJob(transient.jobId, 'backendError');
  await assert.rejects(
    warehouse.mergeSlot(transient),
    (e: unknown) => e instanceof TransientError && e.code === 'BQ.BACKENDERROR',
  );

  const permanent = {
    ...slotLoad('1754010000000004'),
    rawTable: 'raw.saramin_job_postings',
    statements: [],
  };
  fake.failJob(`${permanent.jobId}_merge`, 'invalidQuery');
  await assert.rejects(
    warehouse.mergeSlot(permanent),
    (e: unknown) => e instanceof PermanentError && e.code === 'BQ.INVALIDQUERY',
  );
});

test('a schema mismatch or a NULL in a REQUIRED column (reason invalid) is permanent, with or without an HTTP status', () => {
  for (const e of [
    { errors: [{ reason: 'invalid' }], message: 'Provided Schema does not match Table x' },
    {
      code: 400,
      errors: [{ reason: 'invalid' }],
      message: 'Required field posting_id cannot be null',
    },
    {
      code: 500,
      errors: [{ reason: 'invalidQuery' }],
      message: 'UPDATE/MERGE must match at most one source row',
    },
  ])
    assert.ok(bigQueryError(e, 'load') instanceof PermanentError, e.message);
});

test('a concurrent-update abort (reason invalidQuery) is transient, not bad data', async () => {
  const load = {
    ...slotLoad('1754010000000005'),
    rawTable: 'raw.saramin_job_postings',
    statements: [],
  };
  fake.failJob(
    `${load.jobId}_merge`,
    'invalidQuery',
    'Transaction is aborted due to concurrent update against table test-project:core.job_postings.',
  );
  await assert.rejects(
    warehouse.mergeSlot(load),
    (e: unknown) => e instanceof TransientError && e.code === 'BQ.CONCURRENT_UPDATE',
  );
  // The platform's retry finds the spent id failed and runs the merge under the next one.
  const retried = await warehouse.mergeSlot(load);
  assert.equal(retried.ran, true);
  assert.ok(fake.jobs.has(`${load.jobId}_merge_r2`));
});

test('overwritePartition: one PARQUET load into table$YYYYMMDD with WRITE_TRUNCATE and the table schema; a repeat is ran: false', async () => {
  fake.loadRows = 2871;
  const base = slotLoad('1754020000000001');
  const load = {
    ...base,
    source: 'stock',
    dataset: 'prices',
    object: {
      bucket: 'proj-curated',
      name: 'stock/prices/dt=2025-08-01/slot=0000/_SUCCESS',
      generation: '1754020000000001',
    },
    jobId: 'load_stock_prices_dt20250801slot0000_1754020000000001',
    table: 'core.stock_prices',
    partitionField: 'base_date',
  };
  const before = jobInserts().length;
  assert.deepEqual(await warehouse.overwritePartition(load), { ran: true, rowsLoaded: 2871 });
  const [job, ...rest] = jobInserts().slice(before);
  assert.equal(rest.length, 0);
  assert.ok(job);
  assert.equal(job.jobId, load.jobId);
  assert.deepEqual(job.configuration.load, {
    sourceUris: ['gs://proj-curated/stock/prices/dt=2025-08-01/slot=0000/*.parquet'],
    sourceFormat: 'PARQUET',
    destinationTable: { projectId: PROJECT, datasetId: 'core', tableId: 'stock_prices$20250801' },
    writeDisposition: 'WRITE_TRUNCATE',
    createDisposition: 'CREATE_NEVER',
    // Spark writes every Parquet column NULLABLE: the table's schema (REQUIRED keys) says what
    // they are. No partitioning spec: the decorator names the partition, and a spec without the
    // table's clustering is refused.
    schema: { fields: STOCK_FIELDS },
  });
  const jobs = fake.jobs.size;
  assert.deepEqual(await warehouse.overwritePartition(load), { ran: false, rowsLoaded: 2871 });
  assert.equal(fake.jobs.size, jobs);
});

test('query: typed named params in, plain rows out (DATE/TIMESTAMP as ISO strings, INT64 as number when safe)', async () => {
  fake.answer('from typed_values', {
    schema: {
      fields: [
        { name: 'd', type: 'DATE' },
        { name: 'n', type: 'INTEGER' },
        { name: 'big', type: 'INTEGER' },
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 's', type: 'STRING' },
        { name: 'missing', type: 'STRING' },
        { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      ],
    },
    rows: [
      {
        f: [
          { v: '2025-08-01' },
          { v: '42' },
          { v: '9007199254740993' },
          { v: '1754010000000000' },
          { v: 'x' },
          { v: null },
          { v: [{ v: 'a' }, { v: 'b' }] },
        ],
      },
    ],
  });
  const rows = await warehouse.query(
    'select * from typed_values where d = @slot_date and ts >= @slot_start',
    {
      slot_date: '2025-08-01',
      slot_start: new Date('2025-08-01T01:00:00Z'),
    },
  );
  assert.equal(rows.length, 1);
  const row = rows[0]!;
  assert.equal(row.d, '2025-08-01');
  assert.equal(row.n, 42);
  assert.equal(row.big, '9007199254740993');
  assert.equal(typeof row.ts, 'string');
  assert.equal(Date.parse(String(row.ts)), Date.parse('2025-08-01T01:00:00Z'));
  assert.equal(row.s, 'x');
  assert.equal(row.missing, null);
  assert.deepEqual(row.tags, ['a', 'b']);
  const sent = jobInserts().at(-1)!.configuration.query!;
  assert.deepEqual(sent.queryParameters, [
    { name: 'slot_date', parameterType: { type: 'DATE' }, parameterValue: { value: '2025-08-01' } },
    {
      name: 'slot_start',
      parameterType: { type: 'TIMESTAMP' },
      parameterValue: { value: '2025-08-01T01:00:00.000Z' },
    },
  ]);
});

test('ledger: record streams one row with insertId = run_id; slotStatus reads the latest status per stage', async () => {
  const row: RunRecord = {
    run_id: 'run-1',
    source: 'saramin',
    dataset: 'job_postings',
    slot_id: '2025-08-01T10:00+09:00/PT1H',
    stage: 'load',
    status: 'succeeded',
    object: 'gs://proj-curated/x.ndjson',
    generation: '1',
    content_md5: null,
    rows_in: 3,
    rows_out: 3,
    api_total: null,
    error_code: null,
    error_message: null,
    attempt: 1,
    event_id: 'e-1',
    started_at: '2025-08-01T02:00:00.000Z',
    finished_at: '2025-08-01T02:00:01.000Z',
    duration_ms: 1000,
  };
  await warehouse.record(row);
  assert.deepEqual(fake.insertedRows.at(-1), {
    table: 'ops.pipeline_runs',
    insertId: 'run-1',
    json: { ...row },
  });

  fake.answer('from ops.pipeline_runs', {
    schema: {
      fields: [
        { name: 'stage', type: 'STRING' },
        { name: 'status', type: 'STRING' },
      ],
    },
    rows: [{ f: [{ v: 'extract' }, { v: 'succeeded' }] }, { f: [{ v: 'load' }, { v: 'failed' }] }],
  });
  assert.deepEqual(
    await warehouse.slotStatus('saramin', 'job_postings', '2025-08-01T10:00+09:00/PT1H'),
    { extract: 'succeeded', load: 'failed' },
  );
  const sent = jobInserts().at(-1)!.configuration.query!;
  assert.ok(sent.query.includes("status != 'skipped'"));
  assert.deepEqual(
    (sent.queryParameters ?? []).map((p) => [p.name, p.parameterType.type, p.parameterValue.value]),
    [
      ['source', 'STRING', 'saramin'],
      ['dataset', 'STRING', 'job_postings'],
      ['slot_id', 'STRING', '2025-08-01T10:00+09:00/PT1H'],
    ],
  );
});

test('migrate --target gcp: the exact statements (model table, seeds, views); a second run adds a NULLABLE column; anything else fails', async () => {
  const { migrate } = await import('../../functions/stages/migrate.js');
  const { migrationFiles } = await import('../../functions/sqlfiles.js');
  const queries = () =>
    jobInserts()
      .map((j) => j.configuration.query?.query)
      .filter((q): q is string => q !== undefined);
  const before = queries().length;
  await migrate(warehouse, { terraform: false });
  // First the tables the models own (sql/ddl/models/, in the order of functions/sources/models.ts),
  // then seeds and views in dependency order.
  const modelTables = migrationFiles(undefined, false)
    .filter((f) => f.startsWith('ddl/models/'))
    .map((f) => readSql(f));
  assert.ok(modelTables.includes(readSql('ddl/models/mart.stock_daily_metrics.sql')));
  const expected = migrationFiles(undefined, false)
    .filter((f) => !f.startsWith('ddl/'))
    .map((f) => readSql(f));
  const sentFirst = queries().slice(before);
  assert.deepEqual([...sentFirst.slice(0, modelTables.length)].sort(), [...modelTables].sort());
  assert.deepEqual(sentFirst.slice(modelTables.length), expected);
  assert.ok(expected.some((q) => q.includes('create or replace view mart.hiring_trend_daily')));
  assert.ok(expected.some((q) => q.includes('create or replace table meta.seoul_places')));
  assert.ok(
    expected.indexOf(readSql('mart/jobs/data_job_postings.sql')) <
      expected.indexOf(readSql('mart/jobs/hiring_trend_daily.sql')),
    'a view after the view it reads',
  );

  // The table exists without a column the declaration now has (a NULLABLE one): it is added.
  const { stockDailyMetrics } = await import('../../functions/sources/stock/tables.js');
  const fields = Object.entries(stockDailyMetrics.columns)
    .filter(([name]) => name !== 'volatility_20')
    .map(([name, c]) => ({ name, type: c.type === 'INT64' ? 'INTEGER' : c.type, mode: c.mode }));
  fake.tables.set('mart.stock_daily_metrics', { schema: { fields } });
  const second = queries().length;
  await migrate(warehouse, { terraform: false });
  const sent = queries().slice(second);
  const alter =
    "alter table mart.stock_daily_metrics add column if not exists volatility_20 float64 options (description = 'sample std dev of the last 20 daily returns')";
  assert.ok(sent.includes(alter), 'the new NULLABLE column is added');
  assert.ok(
    !sent.includes(readSql('ddl/models/mart.stock_daily_metrics.sql')),
    'no create for an existing table',
  );
  assert.deepEqual(
    sent.filter((q) => q !== alter && !modelTables.includes(q)),
    expected,
    'then the seeds and views, as before',
  );

  // A type change is not applied: it fails, naming the table and column, before any statement.
  fake.tables.set('mart.stock_daily_metrics', {
    schema: { fields: fields.map((f) => (f.name === 'close' ? { ...f, type: 'FLOAT' } : f)) },
  });
  const third = queries().length;
  await assert.rejects(
    migrate(warehouse, { terraform: false }),
    (e: unknown) =>
      e instanceof Error &&
      (e as { code?: string }).code === 'MIGRATE.SCHEMA_CHANGE' &&
      /mart\.stock_daily_metrics: close is FLOAT64 NULLABLE, declared INT64 NULLABLE/.test(
        e.message,
      ),
  );
  assert.equal(queries().length, third);
});

test('runModel: one script job, the model inside a transaction, range parameters typed DATE', async () => {
  const before = jobInserts().length;
  await warehouse.runModel('mart/stock/stock_daily_metrics.sql', {
    range_start: '2025-11-05',
    range_end: '2025-12-01',
  });
  const [job, ...rest] = jobInserts().slice(before);
  assert.equal(rest.length, 0);
  const q = job!.configuration.query!;
  assert.equal(
    q.query,
    `begin transaction;\n${readSql('mart/stock/stock_daily_metrics.sql').trim().replace(/;$/, '')};\ncommit transaction;`,
  );
  assert.deepEqual(
    (q.queryParameters ?? []).map((p) => [p.name, p.parameterType.type, p.parameterValue.value]),
    [
      ['range_start', 'DATE', '2025-11-05'],
      ['range_end', 'DATE', '2025-12-01'],
    ],
  );
});

test('mergeSlot with replace statements (keyed full refresh): the exact script deletes the key, inserts the unit', async () => {
  const CERT_FIELDS = (
    JSON.parse(
      readFileSync(
        new URL(
          '../../terraform/modules/warehouse/schemas/raw.cert_exam_stats.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ) as { schema: { name: string; type: string; mode: string }[] }
  ).schema;
  fake.tables.set('raw.cert_exam_stats', { schema: { fields: CERT_FIELDS } });
  const mark = fake.requests.length;
  fake.loadRows = 12;
  const load: SlotLoad & { rawTable: string; statements: string[] } = {
    source: 'certs',
    dataset: 'exam_stats',
    slotId: 'key=1320-2024',
    slotStart: new Date('1970-01-01T00:00:00Z'),
    slotEnd: new Date('1970-01-01T00:00:00Z'),
    slotDate: '1970-01-01',
    object: {
      bucket: 'proj-curated',
      name: 'certs/exam_stats/key=1320-2024/core.cert_exam_stats.ndjson',
      generation: '1754010000000009',
    },
    jobId: 'load_certs_exam_stats_key1320-2024_1754010000000009',
    rawTable: 'raw.cert_exam_stats',
    statements: replaceSql(certExamStats, { jm_cd: '1320', base_yy: 2024 }),
  };
  assert.deepEqual(await warehouse.mergeSlot(load), { ran: true, rowsLoaded: 12 });
  const posted = fake.requests
    .slice(mark)
    .filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'));
  const jobs = jobInserts().slice(-posted.length);
  assert.deepEqual(
    jobs.map((j) => j.jobId),
    [load.jobId, `${load.jobId}_merge`],
  );
  const staging = jobs[0]!.configuration.load!.destinationTable!.tableId;
  assert.equal(
    jobs[1]!.configuration.query!.query,
    [
      'begin transaction;',
      'delete from raw.cert_exam_stats where _slot_date = @slot_date and _slot_id = @slot_id;',
      `insert into raw.cert_exam_stats select * from raw.${staging};`,
      "delete from core.cert_exam_stats where jm_cd = '1320' and base_yy = 2024;",
      'insert into core.cert_exam_stats (jm_cd, base_yy, stage, year_index, year, jm_nm, registered, sat, passed)',
      'select jm_cd, base_yy, stage, year_index, year, jm_nm, registered, sat, passed',
      'from raw.cert_exam_stats',
      "where _slot_date = @slot_date and _slot_id = @slot_id and jm_cd = '1320' and base_yy = 2024",
      'qualify row_number() over (partition by jm_cd, base_yy, stage, year_index order by _raw_generation desc) = 1;',
      'commit transaction;',
    ].join('\n'),
  );
  const params = Object.fromEntries(
    (jobs[1]!.configuration.query!.queryParameters ?? []).map((p) => [p.name, p]),
  );
  assert.deepEqual(params.slot_id?.parameterValue, { value: 'key=1320-2024' });
  assert.deepEqual(params.slot_date?.parameterType, { type: 'DATE' });
});
