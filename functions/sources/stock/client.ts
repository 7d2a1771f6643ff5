/**
 * 금융위원회 주식시세정보 V2 (reference/sources.md §5): every listing of trading day D (`basDt`),
 * paged until `totalCount`. NODATA (03) on a holiday is an empty slot, not a failure.
 */
import { ConfigError, PermanentError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import { slotYmd } from '../../core/slots.js';
import type { ExtractContext, ExtractResult } from '../types.js';
import { NODATA, itemsOf, parseDataGoKr } from '../datagokr/envelope.js';

export async function extractStock(ctx: ExtractContext): Promise<ExtractResult> {
  if (!ctx.secret) throw new ConfigError('STOCK.NO_KEY', 'DATA_GO_KR_SERVICE_KEY is not set');
  const basDt = slotYmd(ctx.unit.slot!);
  const path = ctx.options.path ?? '/1160100/GetStockSecuritiesInfoService_V2/getStockPriceInfo_V2';
  const pages: Exchange[] = [];
  let total = 0;
  let rows = 0;
  let pageCount = 1;
  for (let pageNo = 1; pageNo <= pageCount; pageNo++) {
    const url = new URL(path, ctx.settings.baseUrl);
    url.searchParams.set('numOfRows', String(ctx.settings.pageSize));
    url.searchParams.set('pageNo', String(pageNo));
    url.searchParams.set('resultType', 'json');
    url.searchParams.set('basDt', basDt);
    // The "Decoding" key, encoded exactly once here (a raw `+` would read as a space).
    url.searchParams.set('serviceKey', ctx.secret);
    const res = await ctx.client.request({
      key: `page-${String(pageNo).padStart(4, '0')}`,
      url: url.toString(),
    });
    const { resultCode, response } = parseDataGoKr('STOCK', res.body, res.status);
    if (resultCode === NODATA) break;
    const body = (response.body ?? {}) as Record<string, unknown>;
    const pageTotal = Number(body.totalCount ?? 0);
    if (!Number.isFinite(pageTotal))
      throw new PermanentError('STOCK.SHAPE', '`totalCount` is not a number', {
        payload: res.body,
      });
    const items = itemsOf(response);
    if (pageNo === 1) {
      total = pageTotal;
      pageCount = Math.ceil(total / ctx.settings.pageSize);
    }
    ctx.log.info('stock page', { page: pageNo, pages: pageCount, items: items.length, total });
    if (items.length === 0) break;
    pages.push(res);
    rows += items.length;
  }
  if (total === 0 || rows === 0)
    return { kind: 'empty', reason: `no prices for ${basDt} (holiday or not yet published)` };
  return {
    kind: 'data',
    exchanges: pages,
    apiTotal: total,
    rawRows: rows,
  };
}
