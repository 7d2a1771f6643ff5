/**
 * Q-Net certification statistics end to end on the embedded runtime: every key (item x base year)
 * against the fake API, a re-published unit that lost a row (full refresh per key: the row goes,
 * other units stay), NODATA for a year not yet published, and a refused key / an HTML answer kept in
 * quarantine with its body.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startFakeApi } from '../../functions/adapters/local/fake-api.js';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { certKeys } from '../../functions/sources/certs/items.js';
import { SOURCES } from '../../functions/sources/registry.js';
import { runtimeFactory, runWindow, tableHash } from '../support/runtime.js';

const fresh = runtimeFactory();

const PRACTICAL = '/api/service/rest/InquiryStatSVC/getEventYearSiList';

async function publishKey(rt: LocalRuntime, key: string) {
  await rt.bus.publish(
    `${rt.config.topicPrefix}certs`,
    { key, force: true },
    { source: 'certs', origin: 'backfill' },
  );
  await rt.bus.drain();
}

/** The practical answer of 1320-2024 as re-published without index 5. */
function withoutIndex5(): string {
  const item: Record<string, number | string> = { jmnm: '정보처리기사' };
  for (const i of [1, 2, 3, 4, 6]) {
    item[`ilrcnt${i}`] = 1000 * i;
    item[`ilecnt${i}`] = 800 * i;
    item[`ilpcnt${i}`] = 300 * i;
  }
  return JSON.stringify({
    response: {
      header: { resultCode: '00', resultMsg: 'NORMAL SERVICE.' },
      body: { items: { item }, numOfRows: 10, pageNo: 1, totalCount: 1 },
    },
  });
}

test('every key loads both stages; NODATA years are empty; the mart answers per item, year and stage', async () => {
  const rt = await fresh();
  await runWindow(rt, 'certs', '2024-01-01', '2024-01-02');
  const runs = await rt.warehouse.query(
    "select stage, status, count(*) as n from ops.pipeline_runs where source = 'certs' and status != 'skipped' group by stage, status order by stage, status",
  );
  const keys = certKeys().length;
  assert.equal(keys, 6);
  assert.deepEqual(
    runs.map((r) => `${r.stage}:${r.status}:${r.n}`),
    [`extract:succeeded:${keys}`, `load:succeeded:${keys}`, `transform:succeeded:${keys}`],
  );
  const per = await rt.warehouse.query(
    'select jm_cd, base_yy, stage, count(*) as n from core.cert_exam_stats group by jm_cd, base_yy, stage order by jm_cd, base_yy, stage',
  );
  assert.deepEqual(
    per.map((r) => `${r.jm_cd}-${r.base_yy}:${r.stage}:${r.n}`),
    [
      '1320-2022:practical:6',
      '1320-2022:written:6',
      '1320-2023:practical:6',
      '1320-2023:written:6',
      '1320-2024:practical:6',
      '1320-2024:written:6',
      // The 2022 answers carry indexes 1-4 only.
      '2290-2022:practical:4',
      '2290-2022:written:4',
      '2290-2023:practical:6',
      '2290-2023:written:6',
      // 2024's practical statistics are not published yet: NODATA, not a failure.
      '2290-2024:written:6',
    ],
  );
  const [six] = await rt.warehouse.query(
    "select year, registered from core.cert_exam_stats where jm_cd = '1320' and base_yy = 2024 and stage = 'written' and year_index = 6",
  );
  assert.equal(six!.year, null, 'index 6 is kept raw, its year unknown');
  const [one] = await rt.warehouse.query(
    "select year, registered, sat, passed, jm_nm from core.cert_exam_stats where jm_cd = '1320' and base_yy = 2023 and stage = 'written' and year_index = 2",
  );
  assert.deepEqual(
    [one!.year, one!.registered, one!.sat, one!.passed].map(Number),
    [2022, 139650, 111720, 55860],
    'counts sent as strings are parsed; index 2 of base year 2023 is 2022',
  );
  assert.equal(one!.jm_nm, '정보처리기사');
  const mart = await rt.warehouse.query(
    "select year, reported_in_base_yy, registered, pass_rate from mart.cert_exam_yearly where jm_cd = '1320' and stage = 'written' and year = 2023",
  );
  assert.equal(mart.length, 1);
  assert.equal(Number(mart[0]!.reported_in_base_yy), 2024, 'the latest base year reports the year');
  assert.equal(mart[0]!.pass_rate, 0.5);
  assert.ok(!rt.alerts.history.some((a) => a.severity === 'error' || a.severity === 'warning'));
});

test('a re-published unit that lost a row: the row is gone, other units untouched', async () => {
  const rt = await fresh();
  await runWindow(rt, 'certs', '2024-01-01', '2024-01-02');
  const others = (sql: string) =>
    tableHash(rt, `select * from core.cert_exam_stats where not (${sql})`);
  const unit = "jm_cd = '1320' and base_yy = 2024";
  const before = await others(unit);
  rt.fakeApi!.inject({ path: PRACTICAL, times: 1, status: 200, body: withoutIndex5() });
  await publishKey(rt, '1320-2024');
  const practical = await rt.warehouse.query(
    `select year_index, registered from core.cert_exam_stats where ${unit} and stage = 'practical' order by year_index`,
  );
  assert.deepEqual(
    practical.map((r) => [Number(r.year_index), Number(r.registered)]),
    [
      [1, 1000],
      [2, 2000],
      [3, 3000],
      [4, 4000],
      [6, 6000],
    ],
  );
  const [written] = await rt.warehouse.query(
    `select count(*) as n from core.cert_exam_stats where ${unit} and stage = 'written'`,
  );
  assert.equal(Number(written!.n), 6, 'the unit’s other stage is reloaded as it was');
  assert.deepEqual(await others(unit), before, 'no row outside the unit changed');
  // Running the unit again from the fixture brings index 5 back: the load is a full refresh.
  await publishKey(rt, '1320-2024');
  const [all] = await rt.warehouse.query(
    `select count(*) as n from core.cert_exam_stats where ${unit}`,
  );
  assert.equal(Number(all!.n), 12);
});

test('a key re-published empty (NODATA for both stages): its rows are removed, the answers kept raw', async () => {
  const rt = await fresh();
  await runWindow(rt, 'certs', '2024-01-01', '2024-01-02');
  const unit = "jm_cd = '2290' and base_yy = 2023";
  const others = () => tableHash(rt, `select * from core.cert_exam_stats where not (${unit})`);
  const before = await others();
  const count = async () =>
    Number(
      (await rt.warehouse.query(`select count(*) as n from core.cert_exam_stats where ${unit}`))[0]!
        .n,
    );
  assert.equal(await count(), 12, 'the XML written answer and the JSON practical one both loaded');
  const reported = async () =>
    (
      await rt.warehouse.query(
        "select stage, reported_in_base_yy as b from mart.cert_exam_yearly where jm_cd = '2290' and year = 2019 order by stage",
      )
    ).map((r) => `${r.stage}:${r.b}`);
  assert.deepEqual(
    await reported(),
    ['practical:2023', 'written:2023'],
    'the latest base year wins',
  );
  const nodata = JSON.stringify({
    response: {
      header: { resultCode: '03', resultMsg: 'NODATA_ERROR' },
      body: { items: '', numOfRows: 10, pageNo: 1, totalCount: 0 },
    },
  });
  rt.fakeApi!.inject({
    path: '/api/service/rest/InquiryStatSVC/',
    times: 2,
    status: 200,
    body: nodata,
  });
  await publishKey(rt, '2290-2023');
  assert.equal(await count(), 0, 'an empty full refresh leaves the key with no rows');
  assert.deepEqual(await others(), before, 'no row outside the unit changed');
  const runs = await rt.warehouse.query(
    "select stage, status, rows_out from ops.pipeline_runs where source = 'certs' and slot_id = 'key=2290-2023' and status != 'skipped' order by started_at desc, stage limit 3",
  );
  assert.deepEqual(
    runs.map((r) => r.status),
    ['succeeded', 'succeeded', 'succeeded'],
  );
  const [extract] = await rt.warehouse.query(
    "select object from ops.pipeline_runs where source = 'certs' and slot_id = 'key=2290-2023' and stage = 'extract' and status = 'succeeded' order by started_at desc limit 1",
  );
  const raw = String(extract!.object).replace(`gs://${rt.config.buckets.raw}/`, '');
  const kept = (await rt.store.read({ bucket: rt.config.buckets.raw, name: raw })).toString();
  assert.equal(kept.match(/NODATA_ERROR/g)?.length, 2, 'both NODATA answers are the raw object');
  // 2019 is index 5 of base 2023 and index 4 of base 2022: the older answer reports it now.
  assert.deepEqual(await reported(), ['practical:2022', 'written:2022']);
});

test('a refused key and an HTML answer are quarantined with their bodies, nothing loaded', async () => {
  const rt = await fresh();
  rt.fakeApi!.inject({
    path: '/api/service/rest/InquiryStatSVC/',
    times: 1,
    status: 200,
    contentType: 'text/xml;charset=UTF-8',
    body: '<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg><returnReasonCode>30</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>',
  });
  await publishKey(rt, '1320-2024');
  rt.fakeApi!.inject({
    path: '/api/service/rest/InquiryStatSVC/',
    times: 1,
    status: 200,
    contentType: 'text/html',
    body: '<!DOCTYPE html><html><body><h1>서비스가 종료되었습니다</h1></body></html>',
  });
  await publishKey(rt, '2290-2023');
  const failed = await rt.warehouse.query(
    "select slot_id, stage, status, error_code, object from ops.pipeline_runs where source = 'certs' order by slot_id",
  );
  assert.deepEqual(
    failed.map((r) => `${r.slot_id}:${r.stage}:${r.status}:${r.error_code}`),
    [
      'key=1320-2024:extract:quarantined:CERTS.SERVICE_KEY_IS_NOT_REGISTERED_ERROR',
      'key=2290-2023:extract:quarantined:CERTS.HTML',
    ],
  );
  const body = async (object: unknown) =>
    (
      await rt.store.read({
        bucket: rt.config.buckets.quarantine,
        name: String(object).replace(`gs://${rt.config.buckets.quarantine}/`, ''),
      })
    ).toString();
  assert.match(await body(failed[0]!.object), /SERVICE_KEY_IS_NOT_REGISTERED_ERROR/);
  assert.match(await body(failed[1]!.object), /서비스가 종료되었습니다/);
  const [n] = await rt.warehouse.query('select count(*) as n from core.cert_exam_stats');
  assert.equal(Number(n!.n), 0);
  assert.equal(rt.alerts.history.filter((a) => a.severity === 'error').length, 2);
});

test('a key the API does not know: the gateway XML is kept (redacted), a configuration alert, no rows', async () => {
  const api = await startFakeApi({
    fixturesDir: new URL('../fixtures/', import.meta.url).pathname,
    sources: SOURCES,
  });
  try {
    const rt = await fresh({
      env: {
        SARAMIN_ACCESS_KEY: '',
        SEOUL_OPEN_API_KEY: '',
        SLACK_WEBHOOK_URL: '',
        DATA_GO_KR_SERVICE_KEY: 'not+registered/key==',
        CERTS_BASE_URL: api.url,
      },
    });
    await publishKey(rt, '1320-2023');
    assert.equal(api.requests.length, 1, 'the unit stops at the refused key');
    const [run] = await rt.warehouse.query(
      "select status, error_code, object from ops.pipeline_runs where source = 'certs'",
    );
    assert.equal(run!.status, 'quarantined');
    assert.equal(run!.error_code, 'CERTS.SERVICE_KEY_IS_NOT_REGISTERED_ERROR');
    const kept = (
      await rt.store.read({
        bucket: rt.config.buckets.quarantine,
        name: String(run!.object).replace(`gs://${rt.config.buckets.quarantine}/`, ''),
      })
    ).toString();
    assert.match(kept, /<returnReasonCode>30<\/returnReasonCode>/);
    assert.ok(!kept.includes('not+registered'), 'the key is not in the kept body');
    assert.match(rt.alerts.history.find((a) => a.severity === 'error')!.title, /Configuration/);
  } finally {
    await api.close();
  }
});
