import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stubClient } from '../../support/client.js';
import { slotUnit } from '../../../functions/core/units.js';
import { createLogger } from '../../../functions/core/log.js';
import { parseSlot } from '../../../functions/core/slots.js';
import {
  classifyDataGoKr,
  itemsOf,
  parseDataGoKr,
} from '../../../functions/sources/datagokr/envelope.js';
import { extractStock } from '../../../functions/sources/stock/client.js';

const GATEWAY = `<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>
<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg><returnReasonCode>30</returnReasonCode>
</cmmMsgHeader></OpenAPI_ServiceResponse>`;

test('data.go.kr codes map to the right error kinds', () => {
  assert.equal(classifyDataGoKr('S', '30').kind, 'config');
  assert.equal(classifyDataGoKr('S', '22').kind, 'transient');
  assert.equal(classifyDataGoKr('S', '10').kind, 'permanent');
  assert.equal(classifyDataGoKr('S', '5').code, 'S.SERVICETIME_OUT');
});

test('the XML gateway error is recognised even when JSON was requested', () => {
  assert.throws(() => parseDataGoKr('STOCK', GATEWAY, 200), {
    code: 'STOCK.SERVICE_KEY_IS_NOT_REGISTERED_ERROR',
    kind: 'config',
  });
  assert.throws(() => parseDataGoKr('STOCK', 'Unexpected errors', 500), {
    code: 'STOCK.GATEWAY',
    kind: 'transient',
  });
  assert.throws(() => parseDataGoKr('STOCK', '{"response":{"header":{"resultCode":"22"}}}', 200), {
    kind: 'transient',
  });
});

test('item may be an array, a single object, or absent', () => {
  const wrap = (items: unknown) => ({ body: { items } });
  assert.equal(itemsOf(wrap({ item: [{ a: 1 }, { a: 2 }] })).length, 2);
  assert.equal(itemsOf(wrap({ item: { a: 1 } })).length, 1);
  assert.equal(itemsOf(wrap('')).length, 0);
  assert.equal(itemsOf(wrap({})).length, 0);
});

const ROW = {
  basDt: '20251111',
  srtnCd: '005930',
  isinCd: 'KR7005930003',
  itmsNm: '삼성전자',
  mrktCtg: 'KOSPI',
  clpr: '103500',
  vs: '2900',
  fltRt: '2.88',
  mkp: '103700',
  hipr: '106000',
  lopr: '102000',
  trqu: '27742542',
  trPrc: '2891284191696',
  lstgStCnt: '5919637922',
  mrktTotAmt: '612682524927000',
};
const page = (pageNo: number, total: number, item: unknown) =>
  JSON.stringify({
    response: {
      header: { resultCode: '00', resultMsg: 'NORMAL SERVICE.' },
      body: { numOfRows: 2, pageNo, totalCount: total, items: item === '' ? '' : { item } },
    },
  });

function ctx(bodies: string[]) {
  const { client, urls } = stubClient(bodies, { secret: 'a+b/c==' });
  return {
    urls,
    ctx: {
      unit: slotUnit(parseSlot('2025-11-11T00:00+09:00/P1D')),
      now: Date.now(),
      settings: {
        baseUrl: 'https://apis.data.go.kr',
        pageSize: 2,
        timeoutMs: 1000,
        retries: 1,
        concurrency: 1,
        ratePerSecond: 0,
        dailyQuota: 0,
      },
      options: { path: '/1160100/GetStockSecuritiesInfoService_V2/getStockPriceInfo_V2' },
      secret: 'a+b/c==',
      client,
      log: createLogger(() => {}),
    },
  };
}

test('stock extract pages until totalCount, asks for basDt=D and encodes the key once', async () => {
  const { ctx: c, urls } = ctx([page(1, 3, [ROW, ROW]), page(2, 3, ROW)]);
  const result = await extractStock(c);
  assert.equal(result.kind, 'data');
  if (result.kind === 'data') assert.equal(result.rawRows, 3);
  assert.equal(urls.length, 2);
  const u = new URL(urls[0]!);
  assert.equal(u.searchParams.get('basDt'), '20251111');
  assert.equal(u.searchParams.get('resultType'), 'json');
  assert.equal(u.searchParams.get('serviceKey'), 'a+b/c==');
  assert.ok(urls[0]!.includes('serviceKey=a%2Bb%2Fc%3D%3D'), 'a raw + would read as a space');
});

test('NODATA on a holiday is an empty slot; a bad key is a config error', async () => {
  const nodata = JSON.stringify({
    response: {
      header: { resultCode: '03', resultMsg: 'NODATA_ERROR' },
      body: { totalCount: 0, items: '' },
    },
  });
  assert.equal((await extractStock(ctx([nodata]).ctx)).kind, 'empty');
  await assert.rejects(extractStock(ctx([GATEWAY]).ctx), { kind: 'config' });
});
