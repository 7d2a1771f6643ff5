/**
 * Seoul real-time population end to end on the embedded runtime: a replayed schedule against the
 * fake API (121 places per 20-minute snapshot), partial failure, expiry of a late snapshot event,
 * schema drift and the key in the URL path.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pubsubPublishedEvent } from '../../functions/core/events.js';
import { formatSlot, slotContaining } from '../../functions/core/slots.js';
import { runtimeFactory, runWindow } from '../support/runtime.js';

const fresh = runtimeFactory();

// The :20 and :40 slots of two hours ago: recent enough for the marts' 30-day window, and inside one
// hour, so the fake's stale places (an hourly PPLTN_TIME) answer the same observation twice.
const start = slotContaining(Date.now() - 2 * 3600_000, 'PT1H').start + 20 * 60_000;
const FROM = new Date(start).toISOString();
const TO = new Date(start + 40 * 60_000).toISOString();
const SLOT = formatSlot({ start, period: 'PT20M' });
const PARTITION = "ppltn_time >= timestamp '2000-01-01'";

test('two snapshots load every live place, both tables, and the marts answer', async () => {
  const rt = await fresh();
  await runWindow(rt, 'seoul_population', FROM, TO);
  const runs = await rt.warehouse.query(
    "select stage, status, count(*) as n from ops.pipeline_runs where status != 'skipped' group by stage, status order by stage",
  );
  assert.deepEqual(
    runs.map((r) => `${r.stage}:${r.status}:${r.n}`),
    ['extract:succeeded:2', 'load:succeeded:2', 'transform:succeeded:2'],
  );
  const [obs] = await rt.warehouse.query(
    `select count(*) as n, count(distinct area_cd) as places from core.seoul_population where ${PARTITION}`,
  );
  // 121 listed places less the two not live (INFO-200); stale places repeat an observation.
  assert.equal(obs!.places, 119);
  assert.ok(Number(obs!.n) < 2 * 119 && Number(obs!.n) > 119, `duplicates collapsed: ${obs!.n}`);
  const [fc] = await rt.warehouse.query(
    `select count(*) as n, count(distinct area_cd) as places from core.seoul_population_forecast where ${PARTITION}`,
  );
  assert.ok(Number(fc!.places) < 119, 'places with FCST_YN = N have no forecast rows');
  assert.ok(Number(fc!.n) > 0);
  const renamed = await rt.warehouse.query(
    `select area_nm from core.seoul_population where area_cd = 'POI120' and ${PARTITION} limit 1`,
  );
  assert.equal(renamed[0]!.area_nm, '잠실롯데타워 일대', 'the API name is kept as sent');
  const mart = await rt.warehouse.query(
    "select area_nm, category from mart.seoul_congestion_by_hour where area_cd = 'POI009'",
  );
  assert.equal(mart[0]!.area_nm, '광화문·덕수궁');
  assert.equal(mart[0]!.category, '고궁·문화유산');
  const daily = await rt.warehouse.query(
    'select count(*) as n from mart.seoul_population_by_age_gender_daily',
  );
  assert.ok(Number(daily[0]!.n) >= 119);
  assert.ok(!rt.alerts.history.some((a) => a.severity === 'error' || a.severity === 'warning'));
});

test('a unit where some places fail keeps the others, names the failures, and a retry of just those completes it', async () => {
  const rt = await fresh({
    env: {
      SARAMIN_ACCESS_KEY: '',
      DATA_GO_KR_SERVICE_KEY: '',
      SEOUL_OPEN_API_KEY: '',
      SLACK_WEBHOOK_URL: '',
      SEOUL_POPULATION_RETRIES: '1',
      // Wide enough that a busy machine does not time out a healthy answer (the injected one waits 4 s).
      SEOUL_POPULATION_TIMEOUT_MS: '1500',
    },
  });
  // POI013 times out, POI044 answers a server error envelope, POI088 an HTML error page.
  rt.fakeApi!.inject({
    path: '/POI013',
    contains: true,
    times: 1,
    status: 200,
    body: '{}',
    delayMs: 4000,
  });
  rt.fakeApi!.inject({
    path: '/POI044',
    contains: true,
    times: 1,
    status: 200,
    body: '{"RESULT.CODE":"ERROR-500","RESULT.MESSAGE":"서버 오류입니다."}',
  });
  rt.fakeApi!.inject({
    path: '/POI088',
    contains: true,
    times: 1,
    status: 200,
    contentType: 'text/html',
    body: '<html><body>502 Bad Gateway</body></html>',
  });
  await runWindow(rt, 'seoul_population', FROM, new Date(start + 20 * 60_000).toISOString());
  const [extract] = await rt.warehouse.query(
    "select status, error_code, error_message from ops.pipeline_runs where stage = 'extract'",
  );
  assert.equal(extract!.status, 'partial');
  assert.equal(extract!.error_code, 'SEOUL_POPULATION.PARTIAL');
  assert.match(String(extract!.error_message), /POI013 SEOUL_POPULATION\.TIMEOUT/);
  assert.match(String(extract!.error_message), /POI044 SEOUL_POPULATION\.SERVER/);
  assert.match(String(extract!.error_message), /POI088 SEOUL_POPULATION\.NOT_JSON/);
  const partial = rt.alerts.history.filter((a) => a.title.startsWith('Partial'));
  assert.equal(partial.length, 1, 'one alert for the unit');
  assert.match(partial[0]!.text, /POI013.*\n.*POI044.*\n.*POI088/s);
  const places = async () =>
    Number(
      (
        await rt.warehouse.query(
          `select count(distinct area_cd) as n from core.seoul_population where ${PARTITION}`,
        )
      )[0]!.n,
    );
  assert.equal(await places(), 116, 'the 116 places that answered were loaded');

  // Retry only the failed places, within the slot's period (the clock pinned as the scheduler would be).
  rt.clock.pin(start + 5 * 60_000);
  await rt.bus.publish(
    'extract-seoul_population',
    { slot: SLOT, keys: ['POI013', 'POI044', 'POI088'] },
    { source: 'seoul_population' },
  );
  await rt.bus.drain();
  rt.clock.pin(undefined);
  assert.equal(await places(), 119, 'the retry filled in the three places');
  const raw = (await rt.store.list(rt.config.buckets.raw, 'seoul_population/'))[0]!;
  const lines = readFileSync(rt.store.uri(raw.bucket, raw.name), 'utf8').trim().split('\n');
  assert.equal(lines.length, 121, 'one exchange per place, the retried ones replaced');
  // The retry's extract counts the whole object, so the generated reconciliation holds.
  const [load] = await rt.warehouse.query(
    "select status, error_message from ops.pipeline_runs where stage = 'load' order by finished_at desc limit 1",
  );
  assert.equal(load!.status, 'succeeded', `reconciliation after the retry: ${load!.error_message}`);
});

test('a snapshot event delivered after its period is acknowledged as expired, not run', async () => {
  const rt = await fresh();
  // Published on time, delivered 45 minutes later (a redelivery after an outage).
  rt.clock.pin(start + 45 * 60_000);
  await rt.handlers.extract!(
    pubsubPublishedEvent({
      topic: 'extract-seoul_population',
      messageId: 'late-1',
      body: {},
      attributes: { source: 'seoul_population' },
      publishTime: new Date(start + 60_000).toISOString(),
    }),
  );
  rt.clock.pin(undefined);
  const rows = await rt.warehouse.query('select stage, status from ops.pipeline_runs');
  assert.deepEqual(
    rows.map((r) => `${r.stage}:${r.status}`),
    ['extract:expired'],
  );
  assert.equal(rt.fakeApi!.requests.length, 0, 'the API was not asked');
});

test('schema drift (a number turned object) quarantines the raw object with its bodies and loads nothing', async () => {
  const rt = await fresh();
  const drifted = JSON.stringify({
    'SeoulRtd.citydata_ppltn': [
      {
        AREA_NM: '여의도',
        AREA_CD: 'POI072',
        AREA_PPLTN_MIN: { value: '44000' },
        AREA_PPLTN_MAX: '46000',
        PPLTN_TIME: '2026-07-16 23:10',
      },
    ],
  });
  rt.fakeApi!.inject({ path: '/POI072', contains: true, times: 1, status: 200, body: drifted });
  await runWindow(rt, 'seoul_population', FROM, new Date(start + 20 * 60_000).toISOString());
  const [t] = await rt.warehouse.query(
    "select status, error_code, object from ops.pipeline_runs where stage = 'transform'",
  );
  assert.equal(t!.status, 'quarantined');
  assert.equal(t!.error_code, 'SEOUL_POPULATION.SCHEMA_DRIFT');
  const kept = await rt.store.list(rt.config.buckets.quarantine, 'transform/');
  assert.equal(kept.length, 1);
  assert.ok(
    readFileSync(rt.store.uri(kept[0]!.bucket, kept[0]!.name), 'utf8').includes(
      '{\\"value\\":\\"44000\\"}',
    ),
    'the drifted body is kept',
  );
  const loaded = await rt.warehouse.query(
    `select count(*) as n from core.seoul_population where ${PARTITION}`,
  );
  assert.equal(loaded[0]!.n, 0, 'nothing loaded as nulls');
});

test('the key, a URL path segment, appears nowhere in the run directory', async () => {
  const canary = 'canary-KEY-7f3a9c2e51';
  const api = await fresh();
  // A runtime whose Seoul key is the canary, pointed at another runtime's fake API (which rejects it).
  const rt = await fresh({
    env: {
      SARAMIN_ACCESS_KEY: '',
      DATA_GO_KR_SERVICE_KEY: '',
      SEOUL_OPEN_API_KEY: canary,
      SEOUL_POPULATION_BASE_URL: api.fakeApi!.url,
      SLACK_WEBHOOK_URL: '',
    },
  });
  rt.clock.pin(start + 60_000);
  await rt.bus.publish('extract-seoul_population', {}, { source: 'seoul_population' });
  await rt.bus.drain();
  rt.clock.pin(undefined);
  const [row] = await rt.warehouse.query(
    "select status, error_code, object from ops.pipeline_runs where stage = 'extract'",
  );
  // The refused key's answer is kept (12.3), redacted: the scan below covers the quarantine too.
  assert.equal(row!.status, 'quarantined');
  assert.equal(row!.error_code, 'SEOUL_POPULATION.AUTH');
  assert.match(String(row!.object), /\/extract\/seoul_population\//);
  assert.ok(
    api.fakeApi!.requests.some((r) => r.path.includes(canary)),
    'the key was really sent',
  );
  const root = rt.store.uri(rt.config.buckets.raw, 'x').split('/buckets/')[0]!;
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  assert.ok(
    files.some((f) => f.endsWith('pipeline.log')) && files.some((f) => f.endsWith('.duckdb')),
    `the scan covers the log and the warehouse (ledger): ${files.join(', ')}`,
  );
  for (const f of files) assert.ok(!readFileSync(f).includes(canary), `${f} holds the key`);
  for (const line of [...rt.printed, ...rt.alerts.history.map((a) => JSON.stringify(a))])
    assert.ok(!line.includes(canary), line);
});
