/**
 * A real HTTP server on 127.0.0.1 that speaks the Saramin and data.go.kr stock APIs from fixtures,
 * with their quirks: page numbers, `total` as a string, a single object instead of an array, error
 * envelopes with HTTP 200, XML gateway errors even when JSON was asked for, NODATA on holidays.
 * The local runtime uses it whenever no real key is configured; tests inject faults through it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The only key the fake accepts. Not a secret: it opens nothing but this server. */
export const FAKE_API_KEY = 'local-fixture-key';

export interface Fault {
  /** Path prefix the fault applies to. */
  path: string;
  /** How many requests it answers before normal service resumes. */
  times: number;
  status: number;
  body: string;
  contentType?: string;
}

export interface FakeApi {
  url: string;
  requests: { path: string; params: Record<string, string> }[];
  inject(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const STOCK_PATH = '/1160100/GetStockSecuritiesInfoService_V2/getStockPriceInfo_V2';

type Reply = { status: number; body: string; contentType: string };
const json = (body: unknown): Reply => ({
  status: 200,
  body: JSON.stringify(body),
  contentType: 'application/json;charset=UTF-8',
});

function saramin(params: Record<string, string>, jobs: Record<string, unknown>[]): Reply {
  if (!params['access-key']) return json({ code: 1, message: 'access-key is missing' });
  if (params['access-key'] !== FAKE_API_KEY)
    return json({ code: 2, message: 'Invalid access-key' });
  const count = Number(params.count ?? 10);
  const start = Number(params.start ?? 0);
  if (
    !Number.isInteger(count) ||
    count < 1 ||
    count > 110 ||
    !Number.isInteger(start) ||
    start < 0
  ) {
    return json({ code: 3, message: 'Invalid parameter: count/start' });
  }
  const field = params.updated_min || params.updated_max ? 'updated' : 'published';
  const stamp = field === 'updated' ? 'modification-timestamp' : 'posting-timestamp';
  const min = Number(params[`${field}_min`] ?? 0);
  const max = Number(params[`${field}_max`] ?? Number.MAX_SAFE_INTEGER);
  const mids = params.job_mid_cd ? params.job_mid_cd.split(/[ ,+]/) : null;
  const hits = jobs
    .filter((j) => {
      const t = Number(j[stamp]);
      const codes = String(
        ((j.position as Record<string, Record<string, string>>)['job-mid-code'] ?? {}).code ?? '',
      ).split(',');
      return t >= min && t <= max && (!mids || codes.some((c) => mids.includes(c)));
    })
    .sort((a, b) => Number(a[stamp]) - Number(b[stamp]));
  const page = hits.slice(start * count, start * count + count);
  return json({
    jobs: {
      count: page.length,
      start,
      total: String(hits.length),
      job: page.length === 1 ? page[0] : page,
    },
  });
}

function gatewayError(code: string, auth: string): Reply {
  return {
    status: 200,
    contentType: 'text/xml;charset=UTF-8',
    body: `<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>${auth}</returnAuthMsg><returnReasonCode>${code}</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>`,
  };
}

function stock(params: Record<string, string>, dir: string): Reply {
  if (params.serviceKey !== FAKE_API_KEY)
    return gatewayError('30', 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR');
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

export async function startFakeApi(fixturesDir: string): Promise<FakeApi> {
  const jobs = JSON.parse(
    readFileSync(join(fixturesDir, 'saramin', 'jobs.json'), 'utf8'),
  ) as Record<string, unknown>[];
  const faults: Fault[] = [];
  const requests: FakeApi['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, params });
    const fault = faults.find((f) => url.pathname.startsWith(f.path) && f.times > 0);
    let reply: Reply;
    if (fault) {
      fault.times--;
      reply = {
        status: fault.status,
        body: fault.body,
        contentType: fault.contentType ?? 'application/json',
      };
    } else if (url.pathname === '/job-search') reply = saramin(params, jobs);
    else if (url.pathname === STOCK_PATH)
      reply = stock(params, join(fixturesDir, 'stock', 'items'));
    else reply = { status: 404, body: 'Unexpected errors', contentType: 'text/plain' };
    res.writeHead(reply.status, { 'content-type': reply.contentType });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (fault) => faults.push({ ...fault }),
    clearFaults: () => faults.splice(0),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
