import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  affectedRange,
  downstreamOf,
  orderModels,
  parseHeader,
  parseModel,
  selectModels,
  tableRefs,
} from '../../../functions/core/model.js';
import { readModels, readSql } from '../../../functions/sqlfiles.js';

const HEADER = `-- grain: one row per listing per trading day
-- materialized: incremental
-- strategy: insert_overwrite
-- unique_key: base_date, ticker
-- partition_by: base_date
-- cluster_by: market, ticker
-- event_time: base_date
-- lookback: 100 days (60 trading days)
-- tests: unique(base_date, ticker); not_null(ticker); accepted_values(market: KOSPI, KOSDAQ); relationships(ticker -> meta.tickers.code)
-- dashboard: {"panel": "prices", "x": "base_date"}
-- Rule: prose with a capital key is not a header key
select 1`;

test('a header parses; keys it does not know (dashboard) are kept aside and ignored', () => {
  const h = parseHeader(HEADER, 'mart/stock/x.sql');
  assert.equal(h.materialized, 'incremental');
  assert.equal(h.strategy, 'insert_overwrite');
  assert.deepEqual(h.uniqueKey, ['base_date', 'ticker']);
  assert.deepEqual(h.clusterBy, ['market', 'ticker']);
  assert.equal(h.lookbackDays, 100);
  assert.deepEqual(h.tests, [
    { kind: 'unique', columns: ['base_date', 'ticker'] },
    { kind: 'not_null', columns: ['ticker'] },
    { kind: 'accepted_values', column: 'market', values: ['KOSPI', 'KOSDAQ'] },
    { kind: 'relationships', column: 'ticker', parent: 'meta.tickers', parentColumn: 'code' },
  ]);
  assert.deepEqual(h.extra, { dashboard: '{"panel": "prices", "x": "base_date"}' });
});

test('an incomplete header fails loudly, naming the file', () => {
  assert.throws(() => parseHeader('-- grain: x\nselect 1', 'a.sql'), /a\.sql: materialized/);
  assert.throws(
    () => parseHeader('-- grain: x\n-- materialized: incremental\nselect 1', 'b.sql'),
    /b\.sql: an incremental model needs a strategy/,
  );
  assert.throws(
    () => parseHeader('-- materialized: view\n-- grain: x\n-- tests: unique[a]\nselect 1', 'c.sql'),
    /c\.sql: test/,
  );
});

test('dependencies are the tables a model reads, comments and strings ignored', () => {
  assert.deepEqual(
    tableRefs("-- from core.nope\nselect 'mart.no' from core.a join meta.b using (x)"),
    ['core.a', 'meta.b'],
  );
});

test('models run after what they read; downstream and --select follow the graph', () => {
  const v = (name: string, reads: string) =>
    parseModel(
      name,
      `-- grain: g\n-- materialized: view\ncreate view ${name.replace('/', '.').replace('.sql', '')} as select * from ${reads}`,
    );
  const a = v('core/a.sql', 'raw.x');
  const b = v('mart/b.sql', 'core.a');
  const c = v('mart/c.sql', 'mart.b');
  const d = v('mart/d.sql', 'raw.y');
  assert.deepEqual(
    orderModels([c, d, b, a]).map((m) => m.name),
    ['core.a', 'mart.b', 'mart.c', 'mart.d'],
  );
  assert.deepEqual(
    downstreamOf([a, b, c, d], ['raw.x']).map((m) => m.name),
    ['core.a', 'mart.b', 'mart.c'],
  );
  assert.deepEqual(
    selectModels([a, b, c, d], ['b+']).map((m) => m.name),
    ['mart.b', 'mart.c'],
  );
  assert.deepEqual(
    selectModels([a, b, c, d], ['+b']).map((m) => m.name),
    ['core.a', 'mart.b'],
  );
  const loop = parseModel('core/a.sql', '-- grain: g\n-- materialized: view\nselect * from mart.b');
  assert.throws(() => orderModels([loop, b]), /read each other/);
});

test('a changed day widens by the lookback (the later days whose window holds it), never past until', () => {
  const m = parseModel('mart/stock/m.sql', HEADER);
  assert.deepEqual(affectedRange(m, { start: '2025-11-05', end: '2025-11-06' }, '2026-01-01'), {
    start: '2025-11-05',
    end: '2026-01-01',
  });
  assert.deepEqual(affectedRange(m, { start: '2025-11-05', end: '2025-11-06' }, '2025-11-08'), {
    start: '2025-11-05',
    end: '2025-11-08',
  });
});

test('every model in sql/ parses; the stock metrics follow core.stock_prices, job_postings the raw table', () => {
  const models = readModels();
  const names = orderModels(models).map((m) => m.name);
  assert.ok(names.indexOf('core.job_postings') < names.indexOf('core.job_postings_enriched'));
  assert.ok(names.indexOf('core.job_postings_enriched') < names.indexOf('mart.data_job_postings'));
  assert.ok(names.indexOf('mart.data_job_postings') < names.indexOf('mart.hiring_trend_daily'));
  assert.deepEqual(
    downstreamOf(models, ['core.stock_prices']).map((m) => m.name),
    ['mart.stock_daily_metrics', 'mart.stock_prices_daily'],
  );
  assert.deepEqual(
    downstreamOf(models, ['raw.saramin_job_postings']).map((m) => m.name),
    [
      'core.job_postings',
      'core.job_postings_enriched',
      'mart.data_job_postings',
      'mart.data_job_postings_weekly',
      'mart.data_jobs_calendar',
      'mart.hiring_trend_daily',
    ],
  );
});

/**
 * Cost must not grow with history: an incremental model bounds every partitioned table it touches
 * by constants derived from @range_start / @range_end (BigQuery prunes on such predicates; the
 * tables keep require_partition_filter), including a MERGE's target in its ON clause.
 */
test('every incremental model filters each partitioned table it reads or writes on its range', () => {
  const partitionOf = new Map<string, string>();
  for (const f of ['core.stock_prices', 'core.job_postings', 'raw.saramin_job_postings']) {
    const m = /partition by (?:date\()?(\w+)/.exec(readSql(`ddl/${f}.sql`));
    partitionOf.set(f, m![1]!);
  }
  partitionOf.set('mart.stock_daily_metrics', 'base_date');
  const incremental = readModels().filter((m) => m.materialized === 'incremental');
  assert.ok(incremental.length >= 2);
  for (const m of incremental) {
    const sql = readSql(m.file).replace(/--[^\n]*/g, '');
    for (const table of [m.name, ...m.reads]) {
      const col = partitionOf.get(table);
      if (!col) continue;
      const lower = new RegExp(`\\b${col} >= (?:date_sub\\()?@range_start\\b`);
      const upper = new RegExp(`\\b${col} < @range_end\\b`);
      assert.match(sql, lower, `${m.file}: ${table}.${col} has no lower bound on @range_start`);
      assert.match(sql, upper, `${m.file}: ${table}.${col} has no upper bound on @range_end`);
    }
  }
  const merge = readSql('core/job_postings.sql').replace(/--[^\n]*/g, '');
  const on = merge.slice(merge.indexOf('\non '), merge.indexOf('when matched'));
  assert.match(on, /t\.posted_date >= date_sub\(@range_start, interval 30 day\)/);
  assert.match(on, /t\.posted_date < @range_end/);
});
