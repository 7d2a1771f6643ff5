/**
 * A Spark unit's life on the embedded runtime with a stand-in cluster runner (no Java needed): the
 * claim around a failed submit (11.7), the outcome recorded from the `_SUCCESS` manifest (11.11), and
 * the sweep's alert on a unit left `submitted` (11.11).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { tempRuntime } from '../support/runtime.js';
import { standIn } from '../support/spark.js';

const SLOT = '2025-11-03T00:00+09:00/P1D';
const RAW = 'stock/daily_prices/dt=2025-11-03/slot=0000.jsonl';

async function writeRaw(rt: LocalRuntime) {
  return rt.store.write(rt.config.buckets.raw, RAW, '{"key":"page-0001"}\n', {
    contentType: 'application/x-ndjson',
  });
}

test('a transient submit failure releases the claim: the retry submits, a duplicate never does', async () => {
  const rt = await tempRuntime();
  try {
    const submits = standIn(rt, 1);
    const raw = await writeRaw(rt);
    await rt.bus.drain();
    assert.equal(
      submits.length,
      2,
      'the retry after the failed submit ran (it was skipped forever)',
    );
    assert.equal((await rt.warehouse.slotStatus('stock', 'daily_prices', SLOT)).load, 'succeeded');
    // A redelivery of the same finalize event after the run: no second cluster.
    await rt.handlers.transform!(
      {
        specversion: '1.0',
        id: `${raw.bucket}/${raw.name}/${raw.generation}`,
        type: 'google.cloud.storage.object.v1.finalized',
        time: new Date().toISOString(),
        data: { bucket: raw.bucket, name: raw.name, generation: raw.generation },
      },
      { attempt: 1 },
    );
    await rt.bus.drain();
    assert.equal(submits.length, 2);
  } finally {
    await rt.close();
  }
});

test("_SUCCESS records the Spark transform's outcome with the Parquet row count; curated = loaded", async () => {
  const rt = await tempRuntime();
  try {
    standIn(rt, 0);
    await writeRaw(rt);
    await rt.bus.drain();
    const rows = await rt.warehouse.query(
      `select stage, status, rows_in, rows_out from ops.pipeline_runs where slot_id = '${SLOT}' and status != 'skipped' order by finished_at`,
    );
    assert.deepEqual(rows, [
      { stage: 'transform', status: 'submitted', rows_in: null, rows_out: null },
      { stage: 'transform', status: 'succeeded', rows_in: 3, rows_out: 3 },
      { stage: 'load', status: 'succeeded', rows_in: 3, rows_out: 3 },
    ]);
  } finally {
    await rt.close();
  }
});

test('the sweep alerts once on a unit still submitted after STUCK_AFTER_S', async () => {
  const rt = await tempRuntime({
    env: {
      SARAMIN_ACCESS_KEY: '',
      DATA_GO_KR_SERVICE_KEY: '',
      SEOUL_OPEN_API_KEY: '',
      SLACK_WEBHOOK_URL: '',
      STUCK_AFTER_S: '3600',
    },
  });
  try {
    const at = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    const row = (slot: string, hoursAgo: number) => ({
      run_id: `r-${slot}`,
      source: 'stock',
      dataset: 'daily_prices',
      slot_id: slot,
      stage: 'transform' as const,
      status: 'submitted' as const,
      object: null,
      generation: null,
      content_md5: null,
      rows_in: null,
      rows_out: null,
      api_total: null,
      error_code: null,
      error_message: null,
      attempt: 1,
      event_id: 'e',
      started_at: at(hoursAgo),
      finished_at: at(hoursAgo),
      duration_ms: 0,
    });
    await rt.warehouse.record(row('2025-11-04T00:00+09:00/P1D', 5)); // stuck
    await rt.warehouse.record(row('2025-11-05T00:00+09:00/P1D', 0.1)); // still running
    for (let i = 0; i < 2; i++) {
      await rt.bus.publish('maintenance', {}, {});
      await rt.bus.drain();
    }
    const stuck = rt.alerts.history.filter((a) => a.title.startsWith('Stuck'));
    assert.equal(stuck.length, 1, 'one alert, not one per sweep');
    assert.match(stuck[0]!.text, /2025-11-04T00:00\+09:00\/P1D.*never wrote _SUCCESS/);
  } finally {
    await rt.close();
  }
});
