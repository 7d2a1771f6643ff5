/**
 * The stock pipeline end to end on the embedded runtime with REAL local Spark: extract from the fake
 * data.go.kr API -> raw object -> local "Dataproc" run of functions/spark/stock_prices.py -> Parquet +
 * _SUCCESS -> partition overwrite of core.stock_prices. Needs Java + the .venv from scripts/setup-python.sh.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { runWindow, tableHash, tempRuntime } from '../support/runtime.js';
import { needTool } from '../support/tools.js';

const SPARK_SUBMIT = new URL('../../.venv/bin/spark-submit', import.meta.url).pathname;
const hasJava = (() => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const sparkReady = hasJava && existsSync(SPARK_SUBMIT);

let rt: LocalRuntime | undefined;
before(async () => {
  if (!sparkReady) return;
  rt = await tempRuntime();
  // The acceptance window: 10 trading days, one batched Spark run (SPARK_BATCH_DAYS = 31).
  const result = await runWindow(rt, 'stock', '2025-11-03', '2025-11-15', false, 2);
  assert.equal(result.published.length, 10);
});
after(async () => rt?.close());

/** Closes by date for one ticker from the fixture files, last duplicate winning (the job's documented rule). */
function closes(ticker: string, days: string[]): number[] {
  return days.map((d) => {
    const items = JSON.parse(
      readFileSync(
        new URL(`../fixtures/stock/items/${d.replaceAll('-', '')}.json`, import.meta.url),
        'utf8',
      ),
    ) as Record<string, string>[];
    const rows = items.filter((i) => i.srtnCd === ticker);
    return Number(rows.at(-1)!.clpr);
  });
}

const DAYS = [
  '2025-11-03',
  '2025-11-04',
  '2025-11-05',
  '2025-11-06',
  '2025-11-07',
  '2025-11-10',
  '2025-11-11',
  '2025-11-12',
  '2025-11-13',
  '2025-11-14',
];

test('the fixture window loads core.stock_prices; returns and moving averages match a hand computation', async (t) => {
  if (
    !needTool(t, 'Java 17 + local Spark (.venv)', sparkReady, 'run: bash scripts/setup-python.sh')
  )
    return;
  const days = await rt!.warehouse.query(
    "select base_date, count(*) as n from core.stock_prices where base_date >= date '2025-11-01' group by base_date order by base_date",
  );
  assert.equal(days.length, 10);
  for (const ticker of ['005930', '000660']) {
    const c = closes(ticker, DAYS);
    const rows = await rt!.warehouse.query(
      `select cast(base_date as string) as d, close, daily_return, ma_5, ma_20 from mart.stock_daily_metrics where ticker = '${ticker}' and base_date >= date '2025-11-01' order by base_date`,
    );
    assert.deepEqual(
      rows.map((r) => Number(r.close)),
      c,
      `${ticker} closes (000660's stale duplicate on 11-03 lost)`,
    );
    assert.equal(rows[0]!.daily_return, null, 'first row in the raw history has no return');
    for (let i = 1; i < DAYS.length; i++) {
      const expected = c[i]! / c[i - 1]! - 1;
      assert.ok(
        Math.abs(Number(rows[i]!.daily_return) - expected) < 1e-12,
        `${ticker} ${DAYS[i]} return ${rows[i]!.daily_return} vs ${expected}`,
      );
    }
    for (let i = 0; i < DAYS.length; i++) {
      if (i < 4) assert.equal(rows[i]!.ma_5, null, `${ticker} ${DAYS[i]}: fewer than 5 rows`);
      else {
        const expected = (c[i]! + c[i - 1]! + c[i - 2]! + c[i - 3]! + c[i - 4]!) / 5;
        assert.ok(Math.abs(Number(rows[i]!.ma_5) - expected) < 1e-9, `${ticker} ${DAYS[i]} ma_5`);
      }
      assert.equal(rows[i]!.ma_20, null, 'only 10 days of history in this window');
    }
  }
  const real = await rt!.warehouse.query(
    "select close, volume, market_cap, market from core.stock_prices where ticker = '005930' and base_date = date '2025-11-11'",
  );
  assert.deepEqual(real, [
    { close: 103500, volume: 27742542, market_cap: 612682524927000, market: 'KOSPI' },
  ]);
  // 11.11: _SUCCESS reports the Spark transform's outcome; reconciliation holds (no check failed).
  const ledger = await rt!.warehouse.query(
    `select slot_id, stage, status, rows_in, rows_out from ops.pipeline_runs
     where source = 'stock' and status not in ('skipped', 'submitted') and slot_id not like 'batch=%'
     qualify row_number() over (partition by slot_id, stage order by finished_at desc) = 1`,
  );
  const by = (stage: string) => ledger.filter((r) => r.stage === stage);
  assert.equal(by('transform').length, 10);
  for (const t of by('transform')) {
    assert.equal(t.status, 'succeeded', `${t.slot_id} transform`);
    const load = by('load').find((l) => l.slot_id === t.slot_id)!;
    assert.equal(load.status, 'succeeded', `${t.slot_id} load (reconciliation check)`);
    assert.ok(Number(t.rows_out) > 0);
    assert.equal(t.rows_out, load.rows_out, `${t.slot_id}: curated = loaded`);
  }
  const clusters = rt!.spark.history();
  assert.equal(clusters.length, 1, 'one ephemeral cluster for the backfilled range (a batch)');
  assert.ok(
    clusters.every((c) => c.deletedAt),
    'every cluster deleted',
  );
});

test('a second backfill skips every loaded day; a forced reload of one day leaves the table identical', async (t) => {
  if (
    !needTool(t, 'Java 17 + local Spark (.venv)', sparkReady, 'run: bash scripts/setup-python.sh')
  )
    return;
  const before = await tableHash(
    rt!,
    "select * from core.stock_prices where base_date >= date '2025-11-01'",
  );
  const again = await runWindow(rt!, 'stock', '2025-11-03', '2025-11-15', false, 2);
  assert.equal(again.skipped.length, 10);
  assert.equal(again.published.length, 0);
  const forced = await runWindow(rt!, 'stock', '2025-11-12', '2025-11-13', true, 1);
  assert.equal(forced.published.length, 1);
  const after = await tableHash(
    rt!,
    "select * from core.stock_prices where base_date >= date '2025-11-01'",
  );
  assert.deepEqual(after, before);
});

test('a failing Spark job still deletes its cluster, quarantines the input and alerts once', async (t) => {
  if (
    !needTool(t, 'Java 17 + local Spark (.venv)', sparkReady, 'run: bash scripts/setup-python.sh')
  )
    return;
  const alertsBefore = rt!.alerts.history.length;
  const clustersBefore = rt!.spark.history().length;
  await rt!.store.write(
    rt!.config.buckets.raw,
    'stock/daily_prices/dt=2025-11-17/slot=0000.json',
    '[{"response": "not what the job expects"',
    { contentType: 'application/json' },
  );
  await rt!.bus.drain();
  const runs = rt!.spark.history().slice(clustersBefore);
  assert.equal(runs.length, 1);
  assert.ok(runs[0]!.deletedAt, 'cluster deleted after the failure');
  const state = await rt!.warehouse.slotStatus(
    'stock',
    'daily_prices',
    '2025-11-17T00:00+09:00/P1D',
  );
  assert.equal(state.transform, 'quarantined');
  assert.equal(
    rt!.alerts.history.slice(alertsBefore).filter((a) => a.severity === 'error').length,
    1,
  );
});

test('a cluster left behind by a killed launcher is deleted by the sweep, with one alert', async (t) => {
  if (
    !needTool(t, 'Java 17 + local Spark (.venv)', sparkReady, 'run: bash scripts/setup-python.sh')
  )
    return;
  rt!.spark.create(
    'stock-20251105-dead00',
    { pipeline: 'korea-data', source: 'stock' },
    new Date(Date.now() - 3 * 3600_000),
  );
  rt!.spark.create('stock-20251106-young0', { pipeline: 'korea-data', source: 'stock' });
  const alertsBefore = rt!.alerts.history.length;
  await rt!.bus.publish('maintenance', {}, {});
  await rt!.bus.drain();
  const alive = (await rt!.spark.listClusters()).map((c) => c.name);
  assert.deepEqual(alive, ['stock-20251106-young0']);
  const alerts = rt!.alerts.history.slice(alertsBefore);
  assert.equal(alerts.length, 1);
  assert.match(alerts[0]!.text, /stock-20251105-dead00/);
});
