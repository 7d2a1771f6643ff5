/**
 * Batched Spark runs (issue 16): a backfill of a Spark source's range starts ONE Spark run per batch
 * of consecutive days; each day still writes its own partition and `_SUCCESS` and loads on its own.
 * First with a stand-in cluster runner (no Java: claims, ledger rows, a transient submit failure),
 * then with REAL local Spark (one process for 5 days, equal to 5 single-day runs; a failed day).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { DEFERRED_METADATA } from '../../functions/stages/objects.js';
import { runWindow, tableHash, tempRuntime } from '../support/runtime.js';
import { daysOf, standIn } from '../support/spark.js';
import { needTool } from '../support/tools.js';

const slot = (date: string) => `${date}T00:00+09:00/P1D`;
const rawName = (date: string) => `stock/daily_prices/dt=${date}/slot=0000.jsonl`;

test('a batch request claims every day it covers and submits one run; a transient failure releases the claims', async () => {
  const rt = await tempRuntime();
  try {
    const submits = standIn(rt, 1);
    const dates = ['2025-11-03', '2025-11-04', '2025-11-05'];
    const raws = [];
    for (const d of dates)
      raws.push(
        await rt.store.write(rt.config.buckets.raw, rawName(d), '{"key":"page-0001"}\n', {
          contentType: 'application/x-ndjson',
          metadata: { [DEFERRED_METADATA.key]: DEFERRED_METADATA.value },
        }),
      );
    await rt.bus.drain();
    assert.equal(submits.length, 0, 'deferred raw objects start no run of their own');
    await rt.bus.publish(
      `${rt.config.topicPrefix}stock`,
      { spark_batch: dates.map(slot).reverse() },
      { source: 'stock' },
    );
    await rt.bus.drain();
    assert.equal(submits.length, 2, 'the failed submit, then its retry');
    assert.deepEqual(
      daysOf(submits[1]!).map((d) => d.date),
      dates,
      'one run lists the days, in date order',
    );
    assert.ok(submits[1]!.args.includes('--keep-going'));
    assert.equal(submits[1]!.labels['batch-days'], '3');
    for (const d of dates) {
      const state = await rt.warehouse.slotStatus('stock', 'daily_prices', slot(d));
      assert.equal(state.transform, 'succeeded', d);
      assert.equal(state.load, 'succeeded', d);
    }
    const rows = await rt.warehouse.query(
      `select slot_id, status from ops.pipeline_runs where stage = 'transform' and slot_id = '${slot('2025-11-04')}' order by finished_at`,
    );
    assert.deepEqual(
      rows.map((r) => r.status),
      ['skipped', 'submitted', 'submitted', 'succeeded'],
      'deferred, submitted per attempt, then _SUCCESS',
    );
    // Redelivered: the batch request again, and a single-day event for a covered generation (one
    // without the deferral mark, as a scheduled run's): the claims hold, no second run.
    const batchObject = (await rt.store.list(rt.config.buckets.raw, '_batches/')).at(0)!;
    for (const o of [batchObject, { ...raws[1]!, metadata: {} }])
      await rt.handlers.transform!(
        {
          specversion: '1.0',
          id: `${o.name}/${o.generation}/again`,
          type: 'google.cloud.storage.object.v1.finalized',
          time: new Date().toISOString(),
          data: { bucket: o.bucket, name: o.name, generation: o.generation, metadata: {} },
        },
        { attempt: 1 },
      );
    await rt.bus.drain();
    assert.equal(submits.length, 2);
    // The batch's own ledger rows are not a unit's: nothing is left `submitted` for the sweep.
    const batchRows = await rt.warehouse.query(
      `select stage, status from ops.pipeline_runs where slot_id like 'batch=%' and status != 'skipped' order by finished_at`,
    );
    assert.ok(batchRows.every((r) => r.status !== 'submitted'));
  } finally {
    await rt.close();
  }
});

// --- real local Spark ----------------------------------------------------------------------------
const SPARK_SUBMIT = new URL('../../.venv/bin/spark-submit', import.meta.url).pathname;
const sparkReady = (() => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    return false;
  }
  return existsSync(SPARK_SUBMIT);
})();
const needSpark = (t: Parameters<typeof needTool>[0]) =>
  needTool(t, 'Java 17 + local Spark (.venv)', sparkReady, 'run: bash scripts/setup-python.sh');

let batched: LocalRuntime | undefined;
let daily: LocalRuntime | undefined;
before(async () => {
  if (!sparkReady) return;
  batched = await tempRuntime();
  daily = await tempRuntime();
});
after(async () => {
  await batched?.close();
  await daily?.close();
});

const FIVE = ['2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06', '2025-11-07'];

test('a 5-day backfill starts ONE Spark process and loads what 5 single-day runs load', async (t) => {
  if (!needSpark(t)) return;
  const b = await runWindow(batched!, 'stock', '2025-11-03', '2025-11-08', false, 2, 31);
  const d = await runWindow(daily!, 'stock', '2025-11-03', '2025-11-08', false, 2, 1);
  assert.equal(b.published.length, 5);
  assert.equal(d.published.length, 5);
  const runs = batched!.spark.history();
  assert.equal(runs.length, 1, 'one Spark process for the 5 days');
  assert.ok(runs[0]!.deletedAt, 'its cluster deleted');
  assert.equal(daily!.spark.history().length, 5, 'one per day without batching');
  for (const date of FIVE) {
    const state = await batched!.warehouse.slotStatus('stock', 'daily_prices', slot(date));
    assert.equal(state.load, 'succeeded', date);
  }
  for (const sql of [
    "select * from core.stock_prices where base_date >= date '2025-11-01'",
    "select * from mart.stock_daily_metrics where base_date >= date '2025-11-01'",
  ]) {
    const a = await tableHash(batched!, sql);
    assert.ok(a.rows > 0);
    assert.deepEqual(a, await tableHash(daily!, sql), sql);
  }
  // The per-day ledger (transform rows in/out, load rows) agrees too.
  const ledger = `select slot_id, stage, status, rows_in, rows_out from ops.pipeline_runs
    where source = 'stock' and slot_id not like 'batch=%' and status not in ('skipped', 'submitted')
    order by slot_id, stage`;
  assert.deepEqual(await batched!.warehouse.query(ledger), await daily!.warehouse.query(ledger));
});

test('a day that fails inside a batch is reported (ledger row, alert); the others load; re-running that day completes it', async (t) => {
  if (!needSpark(t)) return;
  const rt = batched!;
  const alertsBefore = rt.alerts.history.length;
  const runsBefore = rt.spark.history().length;
  const topic = `${rt.config.topicPrefix}stock`;
  // Two days extracted for a batch, and a third whose raw object holds an API error envelope.
  for (const d of ['2025-11-10', '2025-11-11'])
    await rt.bus.publish(topic, { slot: slot(d), resume: true, batch: true }, { source: 'stock' });
  await rt.store.write(
    rt.config.buckets.raw,
    rawName('2025-11-12'),
    JSON.stringify({
      key: 'page-0001',
      request: { method: 'GET', url: 'https://fake/getStockPriceInfo_V2' },
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        response: { header: { resultCode: '99', resultMsg: 'UNKNOWN_ERROR' } },
      }),
    }) + '\n',
    {
      contentType: 'application/x-ndjson',
      metadata: { [DEFERRED_METADATA.key]: DEFERRED_METADATA.value },
    },
  );
  await rt.bus.drain();
  await rt.bus.publish(
    topic,
    { spark_batch: ['2025-11-10', '2025-11-11', '2025-11-12'].map(slot) },
    { source: 'stock' },
  );
  await rt.bus.drain();
  assert.equal(rt.spark.history().length - runsBefore, 1, 'one Spark process for the batch');
  for (const d of ['2025-11-10', '2025-11-11'])
    assert.equal(
      (await rt.warehouse.slotStatus('stock', 'daily_prices', slot(d))).load,
      'succeeded',
      d,
    );
  const failed = await rt.warehouse.slotStatus('stock', 'daily_prices', slot('2025-11-12'));
  assert.equal(failed.transform, 'failed');
  assert.equal(failed.load, 'quarantined');
  const [row] = await rt.warehouse.query(
    `select error_code, error_message from ops.pipeline_runs where slot_id = '${slot('2025-11-12')}' and stage = 'transform' and status = 'failed'`,
  );
  assert.equal(row!.error_code, 'SPARK.DAY_FAILED');
  assert.match(String(row!.error_message), /resultCode='99'/);
  const errors = rt.alerts.history.slice(alertsBefore).filter((a) => a.severity === 'error');
  assert.equal(errors.length, 1, 'one alert, for the failed day');
  assert.match(errors[0]!.text, /2025-11-12/);

  // That day alone again: the extract fetches it anew (unfinished: resumed), one more run loads it.
  const again = await runWindow(rt, 'stock', '2025-11-12', '2025-11-13', false, 1);
  assert.deepEqual(again.resumed, [slot('2025-11-12')]);
  const state = await rt.warehouse.slotStatus('stock', 'daily_prices', slot('2025-11-12'));
  assert.equal(state.transform, 'succeeded');
  assert.equal(state.load, 'succeeded');
  const [n] = await rt.warehouse.query(
    "select count(*) as n from core.stock_prices where base_date = date '2025-11-12'",
  );
  assert.ok(Number(n!.n) > 0);
});
