/**
 * data.go.kr common error handling (reference/sources.md §2): a service header with a non-`00`
 * `resultCode` (HTTP 200), or a gateway `OpenAPI_ServiceResponse` XML body that arrives even when JSON
 * was requested (HTTP 200 or 401/403), or a plain-text body such as `Unexpected errors`.
 */
import {
  ConfigError,
  PermanentError,
  TransientError,
  type PipelineError,
} from '../../core/errors.js';
import { parseXml } from './xml.js';

export const NODATA = '03';

const CONFIG = new Set(['12', '20', '21', '30', '31', '32', '33']);
const PERMANENT = new Set(['10', '11']);
const TRANSIENT = new Set(['01', '02', '04', '05', '22', '99']);

const NAMES: Record<string, string> = {
  '01': 'APPLICATION_ERROR',
  '02': 'DB_ERROR',
  '03': 'NODATA_ERROR',
  '04': 'HTTP_ERROR',
  '05': 'SERVICETIME_OUT',
  '10': 'INVALID_REQUEST_PARAMETER_ERROR',
  '11': 'NO_MANDATORY_REQUEST_PARAMETERS_ERROR',
  '12': 'NO_OPENAPI_SERVICE_ERROR',
  '20': 'SERVICE_ACCESS_DENIED_ERROR',
  '21': 'TEMPORARILY_DISABLE_THE_SERVICEKEY_ERROR',
  '22': 'LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR',
  '30': 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR',
  '31': 'DEADLINE_HAS_EXPIRED_ERROR',
  '32': 'UNREGISTERED_IP_ERROR',
  '33': 'UNSIGNED_CALL_ERROR',
  '99': 'UNKNOWN_ERROR',
};

export function classifyDataGoKr(prefix: string, rawCode: string): PipelineError {
  const code = rawCode.padStart(2, '0');
  const name = NAMES[code] ?? 'UNKNOWN';
  const message = `data.go.kr answered ${code} ${name}`;
  if (CONFIG.has(code))
    return new ConfigError(
      `${prefix}.${name}`,
      `${message}: check the service key and its approval`,
    );
  if (PERMANENT.has(code)) return new PermanentError(`${prefix}.${name}`, message);
  if (TRANSIENT.has(code)) return new TransientError(`${prefix}.${name}`, message);
  return new PermanentError(`${prefix}.ERROR_ENVELOPE`, message);
}

export type Parsed = { format: 'json' | 'xml'; doc: Record<string, unknown> };

/**
 * Parses a body that should be JSON but may be the gateway's XML or plain text, and throws the
 * classified error for any envelope that is not `00`/`03`. Returns the parsed `response` node.
 */
export function parseDataGoKr(
  prefix: string,
  body: string,
  status: number,
): { resultCode: string; response: Record<string, unknown> } {
  const text = body.replace(/^\uFEFF/, '').trim();
  let doc: Record<string, unknown>;
  if (text.startsWith('{')) {
    try {
      doc = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new PermanentError(
        `${prefix}.NOT_JSON`,
        `response is not valid JSON (HTTP ${status})`,
        { payload: body },
      );
    }
  } else if (text.startsWith('<')) {
    // BOM, namespaces, xsi:nil, CDATA and entities as datagokr/xml.ts reads them (decoded once).
    try {
      doc = parseXml(text);
    } catch (error) {
      // A body cut off mid-way (or otherwise broken): the service answered, the answer did not
      // arrive whole; asking again can succeed.
      throw new TransientError(
        `${prefix}.BAD_XML`,
        `${(error as Error).message.slice(0, 120)} (HTTP ${status})`,
        { payload: body },
      );
    }
  } else {
    // e.g. `Unexpected errors` from the newer gateway, or an HTML error page.
    if (status === 401 || status === 403)
      throw new ConfigError(`${prefix}.AUTH`, `gateway refused the key (HTTP ${status})`);
    throw new TransientError(`${prefix}.GATEWAY`, `gateway answered plain text (HTTP ${status})`);
  }
  const gateway = (doc.OpenAPI_ServiceResponse as Record<string, unknown> | undefined)
    ?.cmmMsgHeader as Record<string, unknown> | undefined;
  if (gateway) throw classifyDataGoKr(prefix, String(gateway.returnReasonCode ?? '99'));
  const response = doc.response as Record<string, unknown> | undefined;
  const header = response?.header as Record<string, unknown> | undefined;
  if (!response || !header) {
    throw new PermanentError(`${prefix}.SHAPE`, 'response has no `response.header`', {
      payload: body,
    });
  }
  const resultCode = String(header.resultCode ?? '').padStart(2, '0');
  if (resultCode !== '00' && resultCode !== NODATA) throw classifyDataGoKr(prefix, resultCode);
  return { resultCode, response };
}

/**
 * `items.item` as an array whether it is an array, one object, or absent (`items: ""`); also
 * `body.item` with no `items` (how one transcription of the SenuriService spec nests a detail).
 */
export function itemsOf(response: Record<string, unknown>): Record<string, unknown>[] {
  const body = response.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return [];
  const items = body.items;
  const item =
    items && typeof items === 'object' ? (items as Record<string, unknown>).item : body.item;
  const all: unknown[] = Array.isArray(item) ? item : [item];
  return all.filter(
    (i): i is Record<string, unknown> => !!i && typeof i === 'object' && !Array.isArray(i),
  );
}
