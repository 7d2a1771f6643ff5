/**
 * The fake SenuriService for the local runtime and tests (reference/sources.md §2), XML with the
 * quirks the real one shows:
 *   - getJobList pages test/fixtures/senuri/getJobList.xml's `<item>` elements in file order (the
 *     list is newest first) under an envelope with a BOM, a prolog, a default namespace and
 *     pretty-printing; the items themselves carry CHAR padding, CDATA, entities (a double-escaped
 *     `&amp;lt;` too), `xsi:nil` and one jobId twice (the list shifting between two page requests);
 *     a page past the end answers NODATA (03);
 *   - getJobInfo serves test/fixtures/senuri/getJobInfo/<jobId>.xml verbatim (prefixed namespaces,
 *     `body/item` without `items`, a single item); a posting with no file answers NODATA (03), as a
 *     posting withdrawn between the list and the detail call does;
 *   - a key it does not know answers the gateway's OpenAPI_ServiceResponse (30) with HTTP 200;
 *   - a missing `id` answers 11.
 * Slow answers, HTML error pages and cut-off bodies are injected by tests (fake-api `inject`, bodies
 * in test/fixtures/senuri/faults/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, FakeRoute } from '../types.js';
import { DETAIL_OP, LIST_OP, SENURI_PATH } from './client.js';

const XML_TYPE = 'application/xml;charset=UTF-8';
const NS = 'http://apis.data.go.kr/B552474/SenuriService';

const xml = (body: string, status = 200): FakeReply => ({ status, body, contentType: XML_TYPE });

export function gatewayError(code: string, auth: string): FakeReply {
  return xml(
    `<OpenAPI_ServiceResponse>\n\t<cmmMsgHeader>\n\t\t<errMsg>SERVICE ERROR</errMsg>\n\t\t<returnAuthMsg>${auth}</returnAuthMsg>\n\t\t<returnReasonCode>${code}</returnReasonCode>\n\t</cmmMsgHeader>\n</OpenAPI_ServiceResponse>`,
  );
}

function envelope(code: string, msg: string, body: string): FakeReply {
  return xml(
    `\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<response xmlns="${NS}">\n  <header>\n    <resultCode>${code}</resultCode>\n    <resultMsg>${msg}</resultMsg>\n  </header>\n  <body>${body}</body>\n</response>\n`,
  );
}

const nodata = () =>
  envelope(
    '03',
    'NODATA_ERROR',
    '\n    <items/>\n    <numOfRows>0</numOfRows>\n    <pageNo>1</pageNo>\n    <totalCount>0</totalCount>\n  ',
  );

const int = (s: string | undefined, d: number) => (/^\d+$/.test(s ?? '') ? Number(s) : d);

function list(params: Record<string, string>, items: string[]): FakeReply {
  const rows = Math.min(int(params.numOfRows, 10), 1000);
  const page = Math.max(1, int(params.pageNo, 1));
  const slice = items.slice((page - 1) * rows, page * rows);
  if (slice.length === 0) return nodata();
  return envelope(
    '00',
    'NORMAL SERVICE.',
    `\n    <items>\n      ${slice.join('\n      ')}\n    </items>\n    <numOfRows>${rows}</numOfRows>\n    <pageNo>${page}</pageNo>\n    <totalCount>${items.length}</totalCount>\n  `,
  );
}

export const senuriFake: FakeRoute = {
  matches: (path) => path === `${SENURI_PATH}/${LIST_OP}` || path === `${SENURI_PATH}/${DETAIL_OP}`,
  create(fixturesDir, key) {
    const dir = join(fixturesDir, 'senuri');
    const items =
      readFileSync(join(dir, `${LIST_OP}.xml`), 'utf8').match(/<item>[\s\S]*?<\/item>/g) ?? [];
    return (req) => {
      if ((req.params.serviceKey ?? req.params.ServiceKey) !== key)
        return gatewayError('30', 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR');
      if (req.path.endsWith(LIST_OP)) return list(req.params, items);
      const id = req.params.id ?? '';
      if (!/^[A-Za-z0-9_]{1,40}$/.test(id))
        return envelope('11', 'NO_MANDATORY_REQUEST_PARAMETERS_ERROR', '');
      const file = join(dir, DETAIL_OP, `${id}.xml`);
      return existsSync(file) ? xml(readFileSync(file, 'utf8')) : nodata();
    };
  },
};
