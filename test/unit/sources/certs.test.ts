import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../../functions/core/log.js';
import { replaceSql } from '../../../functions/core/table.js';
import { keyUnit } from '../../../functions/core/units.js';
import { classifyCerts, extractCerts } from '../../../functions/sources/certs/client.js';
import { certsFake } from '../../../functions/sources/certs/fake.js';
import { certKeys, parseItemsCsv } from '../../../functions/sources/certs/items.js';
import { certExamStats } from '../../../functions/sources/certs/tables.js';
import { certsToRows, stageRows } from '../../../functions/sources/certs/transform.js';
import { stubClient } from '../../support/client.js';

const GATEWAY = `<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>
<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg><returnReasonCode>30</returnReasonCode>
</cmmMsgHeader></OpenAPI_ServiceResponse>`;

const envelope = (item: unknown, code = '00') =>
  JSON.stringify({
    response: {
      header: { resultCode: code, resultMsg: code === '00' ? 'NORMAL SERVICE.' : 'ERROR' },
      body: { items: item === undefined ? '' : { item }, numOfRows: 10, pageNo: 1, totalCount: 1 },
    },
  });

const ITEM = {
  jmnm: '정보처리기사',
  ilrcnt1: 150000,
  ilecnt1: '120000',
  ilpcnt1: 60000,
  ilrcnt2: '140000',
  ilecnt2: 110000,
  ilpcnt2: '55000',
  ilrcnt6: 2500000,
  ilecnt6: 2000000,
  ilpcnt6: 900000,
};

const x = (key: string, body: string, status = 200) => ({
  key,
  request: { method: 'GET', url: '/x' },
  status,
  contentType: 'application/json',
  body,
});

test('keys are item x base year from the seed; only verified codes are seeded', () => {
  assert.deepEqual(certKeys(), [
    '1320-2022',
    '1320-2023',
    '1320-2024',
    '2290-2022',
    '2290-2023',
    '2290-2024',
  ]);
  assert.throws(() => parseItemsCsv('jm_cd,jm_nm\nabc,x'), /bad jm_cd/);
});

test('a stage item becomes one row per index present; numbers or strings; index 6 raw, year null', () => {
  const rows = stageRows(ITEM, '1320', 2024, 'written');
  assert.deepEqual(
    rows.map((r) => [r.year_index, r.year, r.registered, r.sat, r.passed]),
    [
      [1, 2024, 150000, 120000, 60000],
      [2, 2023, 140000, 110000, 55000],
      [6, null, 2500000, 2000000, 900000],
    ],
    'indexes 3-5 are absent from this answer: no rows, not zeros',
  );
  assert.equal(rows[0]!.jm_nm, '정보처리기사');
  assert.equal(rows[0]!.stage, 'written');
  assert.deepEqual(
    stageRows({ ilrcnt1: '', ilecnt1: '-', ilpcnt1: '1,200' }, '1', 2024, 'written')[0],
    {
      jm_cd: '1',
      base_yy: 2024,
      stage: 'written',
      year_index: 1,
      year: 2024,
      jm_nm: null,
      registered: null,
      sat: null,
      passed: 1200,
    },
  );
});

test('a single item object and a one-item array read alike; NODATA and `items: ""` are empty', () => {
  assert.deepEqual(classifyCerts(x('written', envelope(ITEM))), { kind: 'data', item: ITEM });
  assert.deepEqual(classifyCerts(x('written', envelope([ITEM]))), { kind: 'data', item: ITEM });
  assert.deepEqual(classifyCerts(x('written', envelope(undefined, '03'))), { kind: 'nodata' });
  assert.deepEqual(classifyCerts(x('written', envelope(undefined))), { kind: 'nodata' });
  assert.throws(() => classifyCerts(x('written', envelope([ITEM, ITEM]))), {
    code: 'CERTS.SHAPE',
    kind: 'permanent',
  });
});

test('a single-item XML answer (the service default) reads like the JSON one; counts are text', () => {
  const xmlBody = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><response><header><resultCode>00</resultCode><resultMsg>NORMAL SERVICE.</resultMsg></header><body><items><item><jmnm>정보처리기사</jmnm><ilrcnt1>150000</ilrcnt1><ilecnt1>120000</ilecnt1><ilpcnt1>60000</ilpcnt1><ilrcnt6>2500000</ilrcnt6><ilecnt6>2000000</ilecnt6><ilpcnt6>900000</ilpcnt6></item></items><numOfRows>10</numOfRows><pageNo>1</pageNo><totalCount>1</totalCount></body></response>`;
  const fromXml = certsToRows([x('written', xmlBody)], keyUnit('1320-2024')).tables[
    'core.cert_exam_stats'
  ]!;
  const fromJson = certsToRows(
    [
      x(
        'written',
        envelope({
          jmnm: '정보처리기사',
          ilrcnt1: 150000,
          ilecnt1: 120000,
          ilpcnt1: 60000,
          ilrcnt6: '2500000',
          ilecnt6: 2000000,
          ilpcnt6: 900000,
        }),
      ),
    ],
    keyUnit('1320-2024'),
  ).tables['core.cert_exam_stats']!;
  assert.equal(fromXml.length, 2);
  assert.deepEqual(fromXml, fromJson);
  const nodataXml =
    '<response><header><resultCode>03</resultCode><resultMsg>NODATA_ERROR</resultMsg></header><body><items/></body></response>';
  assert.deepEqual(classifyCerts(x('written', nodataXml)), { kind: 'nodata' });
});

test('errors: the gateway XML and a rejected key keep the body; HTML is permanent with the body; transient codes retry', () => {
  assert.throws(
    () => classifyCerts(x('written', GATEWAY)),
    (e: { code: string; kind: string; payload?: string }) =>
      e.code === 'CERTS.SERVICE_KEY_IS_NOT_REGISTERED_ERROR' &&
      e.kind === 'config' &&
      e.payload === GATEWAY,
  );
  const html = '<!DOCTYPE html>\n<html><body>점검 중</body></html>';
  assert.throws(
    () => classifyCerts(x('written', html, 200)),
    (e: { code: string; kind: string; payload?: string }) =>
      e.code === 'CERTS.HTML' && e.kind === 'permanent' && e.payload === html,
  );
  assert.throws(() => classifyCerts(x('written', envelope(undefined, '22'))), {
    kind: 'transient',
  });
  assert.throws(() => classifyCerts(x('written', envelope(undefined, '11'))), {
    code: 'CERTS.NO_MANDATORY_REQUEST_PARAMETERS_ERROR',
    kind: 'permanent',
  });
  assert.throws(() => classifyCerts(x('written', '{"response":')), { code: 'CERTS.NOT_JSON' });
});

test('drift: an object or a negative or fractional count is quarantined with the body, never a null', () => {
  const unit = keyUnit('1320-2024');
  for (const bad of [{ ilrcnt1: { v: 1 } }, { ilrcnt1: -5 }, { ilecnt1: '12.5' }, { jmnm: 7 }]) {
    const body = envelope({ ...ITEM, ...bad });
    assert.throws(
      () => certsToRows([x('written', body)], unit),
      (e: { code: string; payload?: string }) =>
        e.code === 'CERTS.SCHEMA_DRIFT' && e.payload === body,
    );
  }
});

test('toRows: both stages of the unit, keyed by the unit; the rows match the declaration', () => {
  const { tables, rawRows } = certsToRows(
    [x('written', envelope(ITEM)), x('practical', envelope(undefined, '03'))],
    keyUnit('1320-2024'),
  );
  assert.equal(rawRows, 1);
  const rows = tables['core.cert_exam_stats']!;
  assert.equal(rows.length, 3);
  assert.ok(rows.every((r) => r.jm_cd === '1320' && r.base_yy === 2024));
});

test('extract: two requests with jmCd, baseYY, _type=json and the key encoded once; NODATA stage is empty', async () => {
  const { client, urls } = stubClient([envelope(ITEM), envelope(undefined, '03')], {
    secret: 'a+b/c==',
  });
  const result = await extractCerts({
    unit: keyUnit('2290-2023'),
    now: Date.now(),
    settings: {
      baseUrl: 'http://openapi.q-net.or.kr',
      pageSize: 10,
      timeoutMs: 1000,
      retries: 1,
      concurrency: 1,
      ratePerSecond: 0,
      dailyQuota: 0,
    },
    options: {},
    secret: 'a+b/c==',
    client,
    log: createLogger(() => {}),
  });
  assert.equal(urls.length, 2);
  const [pi, si] = urls.map((u) => new URL(u));
  assert.equal(pi!.pathname, '/api/service/rest/InquiryStatSVC/getEventYearPiList');
  assert.equal(si!.pathname, '/api/service/rest/InquiryStatSVC/getEventYearSiList');
  assert.equal(pi!.searchParams.get('jmCd'), '2290');
  assert.equal(pi!.searchParams.get('baseYY'), '2023');
  assert.equal(pi!.searchParams.get('_type'), 'json');
  assert.ok(urls[0]!.includes('serviceKey=a%2Bb%2Fc%3D%3D'), 'encoded exactly once');
  assert.equal(result.kind, 'data');
  if (result.kind === 'data') {
    assert.deepEqual(result.emptyKeys, ['practical']);
    assert.equal(result.exchanges.length, 2);
  }
});

test('replaceSql types the key values by column and refuses anything else', () => {
  const [del] = replaceSql(certExamStats, { jm_cd: "13'20", base_yy: 2024 });
  assert.equal(del, "delete from core.cert_exam_stats where jm_cd = '13\\'20' and base_yy = 2024");
  assert.throws(() => replaceSql(certExamStats, { base_yy: '2024 or 1=1' }), /not an INT64/);
  assert.throws(() => replaceSql(certExamStats, { nope: 1 }), /not a key column/);
  assert.throws(() => replaceSql(certExamStats, {}), /at least one/);
});

test('the fake serves fixtures verbatim, NODATA for a year with no file, the gateway XML for a bad key', () => {
  const answer = certsFake.create(new URL('../../fixtures/', import.meta.url).pathname, 'k');
  const ask = (params: Record<string, string>, op = 'getEventYearSiList') =>
    answer({
      method: 'GET',
      path: `/api/service/rest/InquiryStatSVC/${op}`,
      params,
      body: '',
      now: 0,
    });
  const ok = ask({ serviceKey: 'k', jmCd: '1320', baseYY: '2024', _type: 'json' });
  assert.deepEqual(classifyCerts(ok).kind, 'data');
  const xmlFixture = ask(
    { serviceKey: 'k', jmCd: '2290', baseYY: '2023', _type: 'json' },
    'getEventYearPiList',
  );
  assert.match(xmlFixture.contentType ?? '', /xml/);
  assert.match(xmlFixture.body, /^<\?xml[^>]*\?><response><header>/);
  assert.deepEqual(classifyCerts(xmlFixture).kind, 'data');
  const missing = ask({ serviceKey: 'k', jmCd: '2290', baseYY: '2024', _type: 'json' });
  assert.deepEqual(classifyCerts(missing), { kind: 'nodata' });
  const bad = ask({ serviceKey: 'wrong', jmCd: '1320', baseYY: '2024', _type: 'json' });
  assert.match(bad.body, /^<OpenAPI_ServiceResponse>.*<returnReasonCode>30</);
  assert.throws(() => classifyCerts(bad), { kind: 'config' });
  assert.throws(() => classifyCerts(ask({ serviceKey: 'k' })), { kind: 'permanent' });
  assert.ok(certsFake.matches('/api/service/rest/InquiryStatSVC/getEventYearPiList'));
  assert.ok(!certsFake.matches('/api/service/rest/InquiryStatSVC/getTotExamList'));
});

test("extract: NODATA for every stage is the unit's answer (zero rows), not an empty slot", async () => {
  const { client } = stubClient([envelope(undefined, '03'), envelope(undefined, '03')], {
    secret: 'k',
  });
  const result = await extractCerts({
    unit: keyUnit('2290-2025'),
    now: Date.now(),
    settings: {
      baseUrl: 'http://openapi.q-net.or.kr',
      pageSize: 10,
      timeoutMs: 1000,
      retries: 1,
      concurrency: 1,
      ratePerSecond: 0,
      dailyQuota: 0,
    },
    options: {},
    secret: 'k',
    client,
    log: createLogger(() => {}),
  });
  assert.equal(result.kind, 'data', "the load must run so that replace removes the key's rows");
  if (result.kind === 'data') {
    assert.deepEqual(result.emptyKeys, ['written', 'practical']);
    assert.equal(result.rawRows, 0);
    const { tables } = certsToRows(result.exchanges, keyUnit('2290-2025'));
    assert.deepEqual(tables['core.cert_exam_stats'], []);
  }
});
