/**
 * The model layer on the local warehouse (DuckDB running the generated form of sql/): a full build,
 * a second build that changes nothing, and a corrected stock day D whose changed prices re-derive the
 * returns and moving averages of D and of the days after it (and of no day before it).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDbWarehouse } from '../../functions/adapters/local/duckdb.js';
import { addDays, downstreamOf, orderModels } from '../../functions/core/model.js';
import { buildModels } from '../../functions/stages/models.js';
import { migrate } from '../../functions/stages/migrate.js';
import { readModels } from '../../functions/sqlfiles.js';

const UNTIL = '2025-12-01';
const TICKERS = { '005930': 'KOSPI', '035720': 'KOSDAQ' } as const;

let dir: string;
let wh: DuckDbWarehouse;

/** 90 weekdays from 2025-07-01 (trading days in this test). */
const DAYS: string[] = [];
for (let d = '2025-07-01'; DAYS.length < 90; d = addDays(d, 1)) {
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  if (wd !== 0 && wd !== 6) DAYS.push(d);
}
const prices = new Map<string, number[]>(
  Object.keys(TICKERS).map((t, k) => [
    t,
    DAYS.map((_, i) => 10_000 * (k + 1) + Math.round(500 * Math.sin(i / 3 + k)) + i * 7),
  ]),
);

function insertPrices(days: string[]): string {
  const rows = days.flatMap((d) =>
    Object.entries(TICKERS).map(
      ([t, market]) =>
        `(date '${d}', '${t}', 'name ${t}', '${market}', ${prices.get(t)![DAYS.indexOf(d)]})`,
    ),
  );
  return `insert into core.stock_prices (base_date, ticker, name, market, close) values ${rows.join(', ')}`;
}

/** The metrics by hand, for one ticker, over all of its rows. */
function expected(ticker: string) {
  const c = prices.get(ticker)!;
  const ret = c.map((x, i) => (i === 0 ? null : x / c[i - 1]! - 1));
  const ma = (i: number, n: number) =>
    i + 1 < n ? null : c.slice(i + 1 - n, i + 1).reduce((a, b) => a + b, 0) / n;
  const vol = (i: number) => {
    const r = ret.slice(i - 19, i + 1);
    if (i < 20) return null;
    const m = (r as number[]).reduce((a, b) => a + b, 0) / 20;
    return Math.sqrt((r as number[]).reduce((a, b) => a + (b - m) ** 2, 0) / 19);
  };
  return DAYS.map((d, i) => ({
    d,
    close: c[i]!,
    daily_return: ret[i]!,
    ma_5: ma(i, 5),
    ma_60: ma(i, 60),
    volatility_20: vol(i),
  }));
}

async function metrics(ticker: string) {
  return wh.query(
    `select cast(base_date as string) as d, close, daily_return, ma_5, ma_60, volatility_20 from mart.stock_daily_metrics where ticker = '${ticker}' and base_date >= date '2025-01-01' order by base_date`,
  );
}

function close(a: unknown, b: number | null, what: string) {
  if (b === null) return assert.equal(a, null, what);
  assert.ok(Math.abs(Number(a) - b) < 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

async function assertMetrics(ticker: string) {
  const rows = await metrics(ticker);
  const want = expected(ticker);
  assert.equal(rows.length, want.length);
  for (const [i, w] of want.entries()) {
    const r = rows[i]!;
    assert.equal(r.d, w.d);
    assert.equal(r.close, w.close, `${ticker} ${w.d} close`);
    for (const k of ['daily_return', 'ma_5', 'ma_60', 'volatility_20'] as const)
      close(r[k], w[k], `${ticker} ${w.d} ${k}`);
  }
  return rows;
}

const ALL_TABLES = [
  "select * from mart.stock_daily_metrics where base_date >= date '2025-01-01'",
  "select * from core.job_postings where posted_date >= date '2025-01-01'",
  'select * from mart.hiring_trend_daily',
];
async function snapshot(): Promise<string> {
  const out: string[] = [];
  for (const sql of ALL_TABLES)
    out.push(JSON.stringify((await wh.query(sql)).map((r) => JSON.stringify(r)).sort()));
  return out.join('\n');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'models-'));
  wh = await DuckDbWarehouse.open(join(dir, 'warehouse.duckdb'), () => {
    throw new Error('no files');
  });
  await wh.query(insertPrices(DAYS));
  // Two slots carry one posting (a modification later that day) and one slot another posting.
  const posting = (id: string, slot: string, title: string, modified: string) =>
    `('${id}', 'https://x/${id}', '${title}', timestamp '2025-09-15 01:10:00+00', timestamp '${modified}', ['101010'], ['데이터 엔지니어'], [], '${slot}', date '2025-09-15')`;
  await wh.query(
    `insert into raw.saramin_job_postings (posting_id, url, title, posted_at, modified_at, location_codes, job_names, keywords, _slot_id, _slot_date) values ${[
      posting('p1', '2025-09-15T10:00+09:00/PT1H', 'ETL 개발', '2025-09-15 01:10:00+00'),
      posting(
        'p1',
        '2025-09-15T12:00+09:00/PT1H',
        '데이터 엔지니어 (수정)',
        '2025-09-15 03:00:00+00',
      ),
      posting('p2', '2025-09-15T10:00+09:00/PT1H', 'Data Engineer', '2025-09-15 01:20:00+00'),
    ].join(', ')}`,
  );
});

after(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

test('pipeline models build rebuilds everything; a second build changes nothing', async () => {
  const runs = await buildModels(wh, orderModels(readModels()), { until: UNTIL, views: true });
  assert.deepEqual(
    runs.flatMap((r) => r.failures),
    [],
  );
  assert.deepEqual(
    runs.filter((r) => r.materialized === 'incremental').map((r) => [r.model, r.range]),
    [
      ['core.job_postings', { start: '1970-01-01', end: UNTIL }],
      ['mart.stock_daily_metrics', { start: '1970-01-01', end: UNTIL }],
    ],
  );
  for (const t of Object.keys(TICKERS)) await assertMetrics(t);
  const postings = await wh.query(
    "select posting_id, title from core.job_postings where posted_date = date '2025-09-15' order by posting_id",
  );
  assert.deepEqual(postings, [
    { posting_id: 'p1', title: '데이터 엔지니어 (수정)' },
    { posting_id: 'p2', title: 'Data Engineer' },
  ]);
  const first = await snapshot();
  await buildModels(wh, orderModels(readModels()), { until: UNTIL, views: true });
  assert.equal(await snapshot(), first, 'the second build changed something');
  // migrate is idempotent too: the model table is current, seeds and views are re-applied.
  const done = await migrate(wh, { terraform: false });
  assert.ok(done.includes('mart.stock_daily_metrics is current'), done.join('\n'));
});

test('a corrected day D re-derives returns and moving averages of D and the days after it', async () => {
  const D = DAYS[70]!;
  const before = await metrics('005930');
  // The corrected load: day D's partition is overwritten with changed prices (as the load stage does).
  prices.get('005930')![70] = prices.get('005930')![70]! + 2_500;
  await wh.query(`delete from core.stock_prices where base_date = date '${D}'`);
  await wh.query(insertPrices([D]));
  // What the load stage runs after the load: the models downstream of the loaded table, for D.
  const runs = await buildModels(wh, downstreamOf(readModels(), ['core.stock_prices']), {
    range: { start: D, end: addDays(D, 1) },
    until: UNTIL,
    views: false,
    changed: ['core.stock_prices'],
  });
  assert.deepEqual(
    runs.map((r) => [r.model, r.range]),
    [['mart.stock_daily_metrics', { start: D, end: UNTIL }]],
  );
  const after = await assertMetrics('005930');
  for (let i = 0; i < DAYS.length; i++) {
    if (i < 70) assert.deepEqual(after[i], before[i], `${DAYS[i]} (before D) must not change`);
    else if (i < 70 + 60)
      assert.notEqual(
        after[i]!.ma_60,
        before[i]!.ma_60,
        `${DAYS[i]}: ma_60 holds D and must change`,
      );
  }
  assert.notEqual(after[70]!.daily_return, before[70]!.daily_return);
  assert.notEqual(after[71]!.daily_return, before[71]!.daily_return, 'D+1 return uses D close');
  assert.notEqual(after[74]!.ma_5, before[74]!.ma_5, 'D+4 ma_5 holds D');
  assert.deepEqual(after[75]!.ma_5, before[75]!.ma_5, 'D+5 ma_5 no longer holds D');
  await assertMetrics('035720');
});
