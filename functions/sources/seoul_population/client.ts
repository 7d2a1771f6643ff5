/**
 * Seoul real-time population (reference/sources.md §4): one request per place,
 * `GET {base}/{KEY}/json/citydata_ppltn/1/5/{AREA_CD}`, every request through the shared client
 * (which paces, retries and redacts the key from the URL path). Error envelopes come with HTTP 200
 * in three shapes (flat dotted, nested dotted, nested plain); `classifySeoul` reads all of them.
 *   INFO-200 or an empty body   -> that place has no data now: empty, not failed
 *   INFO-100 (invalid key)      -> ConfigError for the unit (every place would fail the same)
 *   ERROR-3xx (bad request)     -> PermanentError for the unit, body kept in quarantine
 *   ERROR-5xx/6xx               -> that place failed (transient); the unit keeps the others
 *   HTML or XML where JSON was asked, or JSON without data or code -> that place failed (permanent)
 * When every place failed, the unit fails as a whole (retried or quarantined like any other).
 */
import { ConfigError, PermanentError, PipelineError, TransientError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { ExtractContext, ExtractResult, KeyFailure } from '../types.js';
import { places } from './places.js';

export const DATA_KEY = 'SeoulRtd.citydata_ppltn';

export type Answer =
  | { kind: 'data'; records: Record<string, unknown>[] }
  | { kind: 'nodata'; code: string }
  | { kind: 'error'; error: PipelineError };

function resultCode(json: Record<string, unknown>): { code?: string; message?: string } {
  const nested = json.RESULT;
  const from = (o: Record<string, unknown>) => ({
    code: (o['RESULT.CODE'] ?? o.CODE) as string | undefined,
    message: (o['RESULT.MESSAGE'] ?? o.MESSAGE) as string | undefined,
  });
  if (nested && typeof nested === 'object' && !Array.isArray(nested))
    return from(nested as Record<string, unknown>);
  return from(json);
}

/** What one place's answer means. Pure: used by the extract and the transform alike. */
export function classifySeoul(x: Pick<Exchange, 'status' | 'contentType' | 'body'>): Answer {
  const text = x.body.trim();
  if (text === '') return { kind: 'nodata', code: 'EMPTY' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const what = text.startsWith('<') ? 'HTML or XML' : 'not JSON';
    return {
      kind: 'error',
      error:
        x.status === 401 || x.status === 403
          ? new ConfigError('SEOUL_POPULATION.AUTH', `key rejected (HTTP ${x.status})`)
          : new PermanentError(
              'SEOUL_POPULATION.NOT_JSON',
              `answer is ${what} (HTTP ${x.status}, ${x.contentType || 'no content type'})`,
              { payload: x.body },
            ),
    };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return {
      kind: 'error',
      error: new PermanentError('SEOUL_POPULATION.SHAPE', 'answer is not a JSON object', {
        payload: x.body,
      }),
    };
  const obj = json as Record<string, unknown>;
  const data = obj[DATA_KEY];
  const { code, message } = resultCode(obj);
  if (Array.isArray(data) && (code === undefined || code === 'INFO-000')) {
    if (data.length === 0) return { kind: 'nodata', code: 'EMPTY' };
    if (!data.every((d) => d && typeof d === 'object' && !Array.isArray(d)))
      return {
        kind: 'error',
        error: new PermanentError(
          'SEOUL_POPULATION.SCHEMA_DRIFT',
          `${DATA_KEY} holds a non-object`,
          {
            payload: x.body,
          },
        ),
      };
    return { kind: 'data', records: data as Record<string, unknown>[] };
  }
  const detail = `${code ?? 'no code'}${message ? ` (${String(message).slice(0, 120)})` : ''}`;
  if (code === 'INFO-200') return { kind: 'nodata', code };
  if (code === 'INFO-100')
    return {
      kind: 'error',
      error: new ConfigError(
        'SEOUL_POPULATION.AUTH',
        `key rejected: ${detail}; set the SEOUL_OPEN_API_KEY secret`,
      ),
    };
  if (code && /^ERROR-3\d\d$/.test(code))
    return {
      kind: 'error',
      error: new PermanentError('SEOUL_POPULATION.BAD_REQUEST', `request rejected: ${detail}`, {
        payload: x.body,
      }),
    };
  if (code && /^ERROR-[56]\d\d$/.test(code))
    return {
      kind: 'error',
      error: new TransientError('SEOUL_POPULATION.SERVER', `server error: ${detail}`),
    };
  return {
    kind: 'error',
    error: new PermanentError(
      'SEOUL_POPULATION.ERROR_ENVELOPE',
      `neither ${DATA_KEY} nor a known code: ${detail}`,
      { payload: x.body },
    ),
  };
}

/** The configured places: `SEOUL_POPULATION_OPTIONS='places=POI009,POI072'` or the reference list. */
export function configuredPlaces(options: Record<string, string>): string[] {
  const list = options.places
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return list?.length ? list : places().map((p) => p.area_cd);
}

export async function extractSeoulPopulation(ctx: ExtractContext): Promise<ExtractResult> {
  if (!ctx.secret)
    throw new ConfigError('SEOUL_POPULATION.NO_KEY', 'SEOUL_OPEN_API_KEY is not set');
  const codes = ctx.only ?? configuredPlaces(ctx.options);
  const answers = await Promise.all(
    codes.map(async (code) => {
      const url = `${ctx.settings.baseUrl.replace(/\/$/, '')}/${encodeURIComponent(ctx.secret!)}/json/citydata_ppltn/1/5/${encodeURIComponent(code)}`;
      try {
        const exchange = await ctx.client.request({ key: code, url });
        return { code, exchange, answer: classifySeoul(exchange) };
      } catch (error) {
        if (error instanceof PipelineError)
          return { code, answer: { kind: 'error', error } as Answer };
        throw error;
      }
    }),
  );
  const config = answers.find((a) => a.answer.kind === 'error' && a.answer.error.kind === 'config');
  if (config && config.answer.kind === 'error') throw config.answer.error;
  const badRequest = answers.find(
    (a) => a.answer.kind === 'error' && a.answer.error.code === 'SEOUL_POPULATION.BAD_REQUEST',
  );
  if (badRequest && badRequest.answer.kind === 'error') throw badRequest.answer.error;

  const kept: Exchange[] = [];
  const failures: KeyFailure[] = [];
  const emptyKeys: string[] = [];
  let rows = 0;
  for (const a of answers) {
    // Every exchange is kept, failed answers included: the raw object is what the API said.
    if (a.exchange) kept.push(a.exchange);
    if (a.answer.kind === 'error') {
      failures.push({
        key: a.code,
        code: a.answer.error.code,
        message: ctx.client.redact(a.answer.error.message),
      });
      continue;
    }
    if (a.answer.kind === 'nodata') emptyKeys.push(a.code);
    else rows += a.answer.records.length;
  }
  if (failures.length === codes.length) {
    // Nothing came back: the API (or the network) is down; fail the unit as a whole.
    const first = answers[0]!.answer as { error: PipelineError };
    throw first.error;
  }
  ctx.log.info('seoul population fan-out', {
    places: codes.length,
    with_data: codes.length - failures.length - emptyKeys.length,
    no_data: emptyKeys.length,
    failed: failures.length,
  });
  if (rows === 0 && failures.length === 0)
    return { kind: 'empty', reason: `no place had data (${emptyKeys.length} asked)` };
  return { kind: 'data', exchanges: kept, apiTotal: rows, rawRows: rows, failures, emptyKeys };
}
