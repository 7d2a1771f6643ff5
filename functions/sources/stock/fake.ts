/**
 * The fake getStockPriceInfo_V2 for the local runtime and tests, with data.go.kr's quirks
 * (reference/sources.md §5): XML gateway errors even when JSON was asked for, NODATA (03) on a
 * holiday with `items: ""`, a single item as an object. Serves test/fixtures/stock/items/<basDt>.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, FakeRoute } from '../types.js';

export const STOCK_PATH = '/1160100/GetStockSecuritiesInfoService_V2/getStockPriceInfo_V2';

const json = (body: unknown): FakeReply => ({
  status: 200,
  body: JSON.stringify(body),
  contentType: 'application/json;charset=UTF-8',
});

function gatewayError(code: string, auth: string): FakeReply {
  return {
    status: 200,
    contentType: 'text/xml;charset=UTF-8',
    body: `<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>${auth}</returnAuthMsg><returnReasonCode>${code}</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>`,
  };
}

function answer(params: Record<string, string>, dir: string, key: string): FakeReply {
  if (params.serviceKey !== key) return gatewayError('30', 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR');
  const numOfRows = Number(params.numOfRows ?? 10);
  const pageNo = Number(params.pageNo ?? 1);
  const basDt = params.basDt ?? '';
  if (!/^\d{8}$/.test(basDt) || !(numOfRows >= 1) || !(pageNo >= 1)) {
    return json({
      response: { header: { resultCode: '10', resultMsg: 'INVALID_REQUEST_PARAMETER_ERROR' } },
    });
  }
  const file = join(dir, `${basDt}.json`);
  const items: Record<string, string>[] = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : [];
  if (items.length === 0) {
    return json({
      response: {
        header: { resultCode: '03', resultMsg: 'NODATA_ERROR' },
        body: { numOfRows, pageNo, totalCount: 0, items: '' },
      },
    });
  }
  const page = items.slice((pageNo - 1) * numOfRows, pageNo * numOfRows);
  const itemsNode = page.length === 0 ? '' : { item: page.length === 1 ? page[0] : page };
  return json({
    response: {
      header: { resultCode: '00', resultMsg: 'NORMAL SERVICE.' },
      body: { numOfRows, pageNo, totalCount: items.length, items: itemsNode },
    },
  });
}

export const stockFake: FakeRoute = {
  matches: (path) => path === STOCK_PATH,
  create: (fixturesDir, key) => (req) =>
    answer(req.params, join(fixturesDir, 'stock', 'items'), key),
};
