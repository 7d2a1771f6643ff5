/**
 * Q-Net certification statistics (reference/sources.md §7): one unit = one item (`jmCd`) and base
 * year (`baseYY`), key `1320-2024`; two requests through the shared client, written
 * (`getEventYearPiList`) and practical (`getEventYearSiList`). Errors follow data.go.kr
 * (datagokr/envelope.ts): a non-`00` resultCode or the gateway XML (even when JSON was asked).
 *   NODATA (03)                -> that stage has no rows (recent years lag): not failed; when every
 *                                 stage says NODATA the unit still loads, as zero rows, so the key's
 *                                 old rows are removed (full refresh; see docs/architecture.md)
 *   a rejected key (gateway)   -> ConfigError for the unit, the answer kept in quarantine
 *   HTML or an unexpected body -> PermanentError for the unit, the body kept (the endpoint has been
 *                                 reported abolished or moved: see §7's risk note)
 *   transient codes, 5xx       -> thrown; the platform retries the unit
 * `items.item` is one object or an array; more than one item for one `jmCd` has no known meaning
 * and is refused as a shape error rather than guessed at.
 */
import { ConfigError, PermanentError, PipelineError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { ExtractContext, ExtractResult } from '../types.js';
import { NODATA, itemsOf, parseDataGoKr } from '../datagokr/envelope.js';
import { parseCertKey } from './items.js';

export const CERTS_PATH = '/api/service/rest/InquiryStatSVC';

export const STAGES = [
  { stage: 'written', operation: 'getEventYearPiList' },
  { stage: 'practical', operation: 'getEventYearSiList' },
] as const;

export type Stage = (typeof STAGES)[number]['stage'];

export type CertAnswer = { kind: 'data'; item: Record<string, unknown> } | { kind: 'nodata' };

const HTML_RE = /^\s*(<!doctype html|<html)/i;

/** What one answer means; throws the classified error (with the body kept) otherwise. Pure. */
export function classifyCerts(x: Pick<Exchange, 'status' | 'body'>): CertAnswer {
  if (HTML_RE.test(x.body))
    throw new PermanentError(
      'CERTS.HTML',
      `answer is an HTML page (HTTP ${x.status}): the endpoint may have moved`,
      { payload: x.body },
    );
  let parsed;
  try {
    parsed = parseDataGoKr('CERTS', x.body, x.status);
  } catch (error) {
    // Keep what the API said for every outcome the policy quarantines (a refused key included).
    if (error instanceof PipelineError && error.kind !== 'transient') error.payload ??= x.body;
    throw error;
  }
  if (parsed.resultCode === NODATA) return { kind: 'nodata' };
  const items = itemsOf(parsed.response);
  if (items.length === 0) return { kind: 'nodata' };
  if (items.length > 1)
    throw new PermanentError(
      'CERTS.SHAPE',
      `${items.length} items for one jmCd; expected one (its meaning is unknown)`,
      { payload: x.body },
    );
  return { kind: 'data', item: items[0]! };
}

export async function extractCerts(ctx: ExtractContext): Promise<ExtractResult> {
  if (!ctx.secret) throw new ConfigError('CERTS.NO_KEY', 'DATA_GO_KR_SERVICE_KEY is not set');
  const parsed = parseCertKey(ctx.unit.key ?? '');
  if (!parsed)
    throw new PermanentError(
      'CERTS.BAD_KEY',
      `certs units are keyed <jmCd>-<baseYY> (e.g. 1320-2024), got ${ctx.unit.id}`,
    );
  const path = ctx.options.path ?? CERTS_PATH;
  const stages = STAGES.filter((s) => !ctx.only || ctx.only.includes(s.stage));
  const exchanges: Exchange[] = [];
  const emptyKeys: string[] = [];
  let rows = 0;
  for (const { stage, operation } of stages) {
    const url = new URL(`${path.replace(/\/$/, '')}/${operation}`, ctx.settings.baseUrl);
    url.searchParams.set('jmCd', parsed.jmCd);
    url.searchParams.set('baseYY', String(parsed.baseYY));
    url.searchParams.set('_type', 'json');
    // The "Decoding" key, encoded exactly once here (a raw `+` would read as a space).
    url.searchParams.set('serviceKey', ctx.secret);
    const res = await ctx.client.request({ key: stage, url: url.toString() });
    const answer = classifyCerts(res);
    exchanges.push(res);
    if (answer.kind === 'nodata') emptyKeys.push(stage);
    else rows += 1;
  }
  ctx.log.info('certs unit', { key: ctx.unit.key, stages: stages.length, no_data: emptyKeys });
  // NODATA for every stage is still the unit's answer, not an "empty" slot: the unit is a full
  // refresh of its key, so the answers are kept as the raw object and the load's replace removes
  // whatever rows the key had (a year withdrawn or not yet published both mean "no rows now").
  // A hiccup is not guessed at: an API fault is an error code or a non-data body, classified above.
  return { kind: 'data', exchanges, apiTotal: rows, rawRows: rows, emptyKeys };
}
