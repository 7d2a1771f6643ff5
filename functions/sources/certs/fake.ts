/**
 * The fake InquiryStatSVC for the local runtime and tests (reference/sources.md §7): serves
 * test/fixtures/certs/<operation>/<jmCd>-<baseYY>.json verbatim (the API's exact JSON: numbers as
 * numbers or strings, a single item as an object), or `.xml` (the service's default format, which it
 * may answer in although `_type=json` was sent: a single `<item>`, every count a text node), NODATA (03, `items: ""`) for a year with no file,
 * the gateway error XML for a key it does not know (even though JSON was asked for), and 11 for a
 * missing parameter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, FakeRoute } from '../types.js';
import { CERTS_PATH, STAGES } from './client.js';

const json = (body: unknown): FakeReply => ({
  status: 200,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  contentType: 'application/json;charset=UTF-8',
});

export function gatewayError(code: string, auth: string): FakeReply {
  return {
    status: 200,
    contentType: 'text/xml;charset=UTF-8',
    body: `<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>${auth}</returnAuthMsg><returnReasonCode>${code}</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>`,
  };
}

function answer(
  operation: string,
  params: Record<string, string>,
  dir: string,
  key: string,
): FakeReply {
  if ((params.serviceKey ?? params.ServiceKey) !== key)
    return gatewayError('30', 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR');
  const jmCd = params.jmCd ?? '';
  const baseYY = params.baseYY ?? '';
  if (!/^\d{4}$/.test(jmCd) || !/^\d{4}$/.test(baseYY))
    return json({
      response: {
        header: { resultCode: '11', resultMsg: 'NO_MANDATORY_REQUEST_PARAMETERS_ERROR' },
      },
    });
  const file = join(dir, operation, `${jmCd}-${baseYY}`);
  if (existsSync(`${file}.json`)) return json(readFileSync(`${file}.json`, 'utf8'));
  // The service's default format: some answers come as XML even though JSON was asked for.
  if (existsSync(`${file}.xml`))
    return {
      status: 200,
      body: readFileSync(`${file}.xml`, 'utf8'),
      contentType: 'text/xml;charset=UTF-8',
    };
  return json({
    response: {
      header: { resultCode: '03', resultMsg: 'NODATA_ERROR' },
      body: { items: '', numOfRows: 10, pageNo: 1, totalCount: 0 },
    },
  });
}

const operationOf = (path: string) =>
  STAGES.find((s) => path === `${CERTS_PATH}/${s.operation}`)?.operation;

export const certsFake: FakeRoute = {
  matches: (path) => operationOf(path) !== undefined,
  create: (fixturesDir, key) => (req) =>
    answer(operationOf(req.path)!, req.params, join(fixturesDir, 'certs'), key),
};
