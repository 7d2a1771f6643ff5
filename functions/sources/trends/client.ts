/**
 * Google Trends interest for the configured keywords (reference/sources.md §6). One unit = one KST
 * day D; it asks for the comparison window of the `window_days` dates ending on D (daily points up to
 * 269 days), once per request group (keywords.ts), every request through the shared client (which
 * paces, retries 429/5xx honouring Retry-After, and redacts the key).
 *
 * One interface, two implementations:
 *   official   — searchtrends v1alpha (§6a): one fetchTimeSeries per term (values are consistently
 *                scaled across requests), then its operation polled until done. Used when the
 *                TRENDS_API_KEY secret is set (sent as an OAuth bearer token), unless
 *                `TRENDS_OPTIONS=api=unofficial`.
 *   unofficial — explore -> TIMESERIES widget token -> multiline (§6b), no key; used otherwise.
 * A group that fails (429 after the retries, a refused token, an HTML consent page, a truncated
 * answer) is a key failure: the unit keeps the other groups, one alert names it, and
 * `{"slot": ..., "keys": ["skills"]}` asks again for that group only. A refused key fails the unit
 * (every group would fail the same); every group failing fails the unit as a whole.
 */
import { ConfigError, PermanentError, PipelineError, TransientError } from '../../core/errors.js';
import type { Exchange, SourceClient } from '../../core/http.js';
import type { ExtractContext, ExtractResult, KeyFailure } from '../types.js';
import { comparisonWindow, configuredGroups, type RequestGroup } from './keywords.js';
import {
  EXPLORE_PATH,
  FETCH_PATH,
  MULTILINE_PATH,
  exploreWidget,
  operation,
  operationPath,
  readGroup,
  type Api,
  type GroupAnswer,
} from './parse.js';

export interface TrendsSettings {
  api: Api;
  geo: string;
  /** Interface language (`hl`); only labels depend on it. */
  hl: string;
  /** Minutes WEST of UTC, as the API wants it: KST is -540. */
  tz: number;
  windowDays: number;
  officialBaseUrl: string;
  /** Polls of one official operation before the group is given up (transient). */
  pollLimit: number;
}

export const OFFICIAL_BASE_URL = 'https://searchtrends.googleapis.com';

/** Options (`TRENDS_OPTIONS`, a query string) -> settings; a bad value is a ConfigError. */
export function trendsSettings(
  options: Record<string, string>,
  secret: string | undefined,
): TrendsSettings {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = options[name] === undefined ? fallback : Number(options[name]);
    if (!Number.isInteger(v) || v < min || v > max)
      throw new ConfigError('TRENDS.OPTIONS', `${name} must be an integer in ${min}..${max}`);
    return v;
  };
  const wanted = options.api ?? 'auto';
  if (!['auto', 'official', 'unofficial'].includes(wanted))
    throw new ConfigError('TRENDS.OPTIONS', 'api must be auto, official or unofficial');
  if (wanted === 'official' && !secret)
    throw new ConfigError('TRENDS.NO_KEY', 'api=official needs the TRENDS_API_KEY secret');
  return {
    api: wanted === 'unofficial' || !secret ? 'unofficial' : 'official',
    geo: options.geo ?? 'KR',
    hl: options.hl ?? 'ko',
    tz: int('tz', -540, -840, 720),
    // Daily granularity holds up to about 269 days; beyond that the API answers weekly points.
    windowDays: int('window_days', 90, 1, 269),
    officialBaseUrl: (options.official_base_url ?? OFFICIAL_BASE_URL).replace(/\/$/, ''),
    pollLimit: int('poll_limit', 10, 1, 100),
  };
}

/** The one interface both implementations offer: every exchange of a group, in request order. */
export interface TrendsClient {
  readonly api: Api;
  /** Follows the flow for one group; appends each exchange to `out` as it happens (kept on failure). */
  fetchGroup(
    group: RequestGroup,
    window: { start: string; end: string },
    out: Exchange[],
  ): Promise<void>;
}

export function unofficialClient(
  client: SourceClient,
  baseUrl: string,
  s: TrendsSettings,
): TrendsClient {
  const base = baseUrl.replace(/\/$/, '');
  const common = `hl=${encodeURIComponent(s.hl)}&tz=${s.tz}`;
  return {
    api: 'unofficial',
    async fetchGroup(group, window, out) {
      const req = {
        comparisonItem: group.keywords.map((keyword) => ({
          keyword,
          geo: s.geo,
          time: `${window.start} ${window.end}`,
        })),
        category: 0,
        property: '',
      };
      const explore = await client.request({
        key: group.key,
        method: 'POST',
        url: `${base}${EXPLORE_PATH}?${common}&req=${encodeURIComponent(JSON.stringify(req))}`,
      });
      out.push(explore);
      const widget = exploreWidget(explore);
      out.push(
        await client.request({
          key: group.key,
          url: `${base}${MULTILINE_PATH}?${common}&req=${encodeURIComponent(JSON.stringify(widget.request))}&token=${encodeURIComponent(widget.token)}`,
        }),
      );
    },
  };
}

const KST_MS = 9 * 3600_000;
const kstMidnight = (date: string): number => Date.parse(`${date}T00:00:00Z`) - KST_MS;

export function officialClient(
  client: SourceClient,
  secret: string,
  s: TrendsSettings,
): TrendsClient {
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  return {
    api: 'official',
    async fetchGroup(group, window, out) {
      // One request per term: the official values are consistently scaled, no shared comparison needed.
      for (const term of group.keywords) {
        const body = JSON.stringify({
          spec: {
            expression: { terms: [{ value: term, type: 'BROAD' }] },
            geo: { type: 'GEO_TYPE_COUNTRY_OR_REGION', code: s.geo },
            timeRange: {
              startTime: { seconds: kstMidnight(window.start) / 1000 },
              endTime: { seconds: (kstMidnight(window.end) + 86_400_000) / 1000 },
            },
            timeResolution: 'DAY',
          },
        });
        const post = await client.request({
          key: group.key,
          method: 'POST',
          url: `${s.officialBaseUrl}${FETCH_PATH}`,
          headers,
          body,
        });
        out.push(post);
        let op = operation(post);
        for (let polls = 0; !op.done; polls++) {
          if (polls >= s.pollLimit)
            throw new TransientError(
              'TRENDS.OPERATION_PENDING',
              `operation for ${group.key} not done after ${polls} polls`,
            );
          const poll = await client.request({
            key: group.key,
            url: `${s.officialBaseUrl}${operationPath(op.name)}`,
            headers: { authorization: headers.authorization },
          });
          out.push(poll);
          op = operation(poll);
        }
      }
    },
  };
}

export function trendsClient(ctx: ExtractContext, s: TrendsSettings): TrendsClient {
  return s.api === 'official'
    ? officialClient(ctx.client, ctx.secret!, s)
    : unofficialClient(ctx.client, ctx.settings.baseUrl, s);
}

/** Requests one unit makes (the daily-quota plan): unofficial 2 per group, official >= 2 per term. */
export function requestsPerUnit(options: Record<string, string>): number {
  return configuredGroups(options).length * 2;
}

export async function extractTrends(ctx: ExtractContext): Promise<ExtractResult> {
  const s = trendsSettings(ctx.options, ctx.secret);
  const api = trendsClient(ctx, s);
  const all = configuredGroups(ctx.options);
  const groups = ctx.only ? all.filter((g) => ctx.only!.includes(g.key)) : all;
  const unknown = (ctx.only ?? []).filter((k) => !all.some((g) => g.key === k));
  if (unknown.length)
    throw new PermanentError(
      'TRENDS.UNKNOWN_GROUP',
      `no configured request group ${unknown.join(', ').slice(0, 200)}; known: ${all.map((g) => g.key).join(', ')}`,
    );
  if (groups.length === 0)
    throw new ConfigError('TRENDS.NO_KEYWORDS', 'no keyword group is configured');
  const window = comparisonWindow(ctx.unit.date, s.windowDays);

  const answers = await Promise.all(
    groups.map(async (group) => {
      const exchanges: Exchange[] = [];
      let answer: GroupAnswer;
      try {
        await api.fetchGroup(group, window, exchanges);
        answer = readGroup(exchanges);
      } catch (error) {
        if (!(error instanceof PipelineError)) throw error;
        answer = { kind: 'error', error };
      }
      return { group, exchanges, answer };
    }),
  );
  const config = answers.find((a) => a.answer.kind === 'error' && a.answer.error.kind === 'config');
  if (config?.answer.kind === 'error') throw config.answer.error;

  const kept: Exchange[] = [];
  const failures: KeyFailure[] = [];
  const emptyKeys: string[] = [];
  let records = 0;
  for (const a of answers) {
    // Every exchange is kept, failed ones included: the raw object is what the API said.
    kept.push(...a.exchanges);
    if (a.answer.kind === 'error')
      failures.push({
        key: a.group.key,
        code: a.answer.error.code,
        message: ctx.client.redact(a.answer.error.message),
      });
    else if (a.answer.kind === 'nodata') emptyKeys.push(a.group.key);
    else records += a.answer.records;
  }
  if (failures.length === groups.length)
    throw (answers[0]!.answer as { error: PipelineError }).error;
  ctx.log.info('trends groups', {
    api: api.api,
    window: `${window.start}..${window.end}`,
    groups: groups.length,
    no_data: emptyKeys.length,
    failed: failures.length,
  });
  if (records === 0 && failures.length === 0)
    return { kind: 'empty', reason: `no keyword had data in ${window.start}..${window.end}` };
  return {
    kind: 'data',
    exchanges: kept,
    apiTotal: records,
    rawRows: records,
    failures,
    emptyKeys,
  };
}
