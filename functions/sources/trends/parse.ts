/**
 * Reading Google Trends answers (reference/sources.md §6), pure: used by the extract (to follow the
 * flow and classify each request group) and by the transform (to turn the kept exchanges into rows).
 *
 * Unofficial flow: `POST /trends/api/explore?req=...` answers `)]}'` + JSON whose TIMESERIES widget
 * carries a token and a request; `GET /trends/api/widgetdata/multiline?req=<widget.request>&token=`
 * answers `)]}',` + `{"default":{"timelineData":[...]}}`: per point `time` (Unix seconds as a
 * string), `value[]` and `hasData[]` (one per keyword, in comparison order), `isPartial` on the last.
 * Official flow: `POST /v1alpha:fetchTimeSeries` answers a long-running operation, polled with
 * `GET /v1alpha/operations/<id>` until `done`; `response.timeSeries.points[]`.
 *
 * What an answer means:
 *   HTTP 401/403 on multiline        -> TRENDS.BAD_TOKEN (the widget token was refused)
 *   HTTP 401/403 on the official API -> ConfigError TRENDS.AUTH (the key; every group would fail)
 *   an HTML page (consent, error)    -> TRENDS.HTML
 *   other 4xx                        -> TRENDS.HTTP_<status>
 *   not JSON after the prefix        -> TRENDS.NOT_JSON (a truncated answer)
 *   no TIMESERIES widget / token     -> TRENDS.NO_WIDGET
 *   an operation with `error`        -> TRENDS.OPERATION_FAILED
 * all permanent for that group (the unit keeps the others; a keys retry asks again from explore).
 * 429 and 5xx never get here: the shared client retries them and throws a transient error.
 * Points whose fields are not what they should be are schema drift (`toRows` in the transform).
 */
import { ConfigError, PermanentError, PipelineError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';

export type Json = Record<string, unknown>;
export type Api = 'official' | 'unofficial';

export const EXPLORE_PATH = '/trends/api/explore';
export const MULTILINE_PATH = '/trends/api/widgetdata/multiline';
export const FETCH_PATH = '/v1alpha:fetchTimeSeries';
export const OPERATIONS_PATH = '/v1alpha/operations/';

/** What a request group was asked for, read back from the request itself. */
export interface GroupQuery {
  keywords: string[];
  geo: string;
  window: { start: string; end: string };
}

/** One answered series: `points` are the API's raw point objects. */
export interface RawSeries {
  api: Api;
  /** unofficial: every keyword of the comparison (value[i]); official: the one term. */
  keywords: string[];
  geo: string;
  window: { start: string; end: string };
  points: unknown[];
}

export type GroupAnswer =
  | { kind: 'data'; series: RawSeries[]; records: number }
  | { kind: 'nodata' }
  | { kind: 'error'; error: PipelineError };

const XSSI_RE = /^\s*\)\]\}'\s*,?\s*/;
const HTML_RE = /^\s*</;

export function stripXssi(body: string): string {
  return body.replace(XSSI_RE, '');
}

export const pathOf = (url: string): string => url.split('?')[0]!;

export function queryParam(url: string, name: string): string | undefined {
  const q = url.indexOf('?');
  return q < 0 ? undefined : (new URLSearchParams(url.slice(q + 1)).get(name) ?? undefined);
}

/** The JSON of an answer, or the classified error (with the body kept for the quarantine). */
export function answerJson(
  x: Pick<Exchange, 'status' | 'contentType' | 'body' | 'request'>,
): unknown {
  const path = pathOf(x.request.url);
  const official = path.startsWith('/v1alpha');
  if (x.status === 401 || x.status === 403) {
    if (official)
      throw new ConfigError(
        'TRENDS.AUTH',
        `the official Trends API refused the key (HTTP ${x.status}); set TRENDS_API_KEY or TRENDS_OPTIONS=api=unofficial`,
        { payload: x.body },
      );
    if (path.endsWith(MULTILINE_PATH))
      throw new PermanentError(
        'TRENDS.BAD_TOKEN',
        `the widget token was refused (HTTP ${x.status})`,
        {
          payload: x.body,
        },
      );
  }
  if (HTML_RE.test(x.body))
    throw new PermanentError(
      'TRENDS.HTML',
      `answer is an HTML page (HTTP ${x.status}, ${x.contentType || 'no content type'}): a consent or error page`,
      { payload: x.body },
    );
  if (x.status < 200 || x.status >= 300)
    throw new PermanentError(`TRENDS.HTTP_${x.status}`, `answered HTTP ${x.status}`, {
      payload: x.body,
    });
  try {
    return JSON.parse(stripXssi(x.body));
  } catch {
    throw new PermanentError(
      'TRENDS.NOT_JSON',
      `answer is not JSON after the XSSI prefix (${x.body.length} bytes): truncated?`,
      { payload: x.body },
    );
  }
}

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** The TIMESERIES widget of an explore answer. */
export function exploreWidget(x: Exchange): { request: Json; token: string } {
  const json = answerJson(x);
  const widgets = isObject(json) ? json.widgets : undefined;
  const list = Array.isArray(widgets) ? widgets : isObject(widgets) ? [widgets] : [];
  const w = list.find((w): w is Json => isObject(w) && w.id === 'TIMESERIES');
  if (!w || typeof w.token !== 'string' || w.token === '' || !isObject(w.request))
    throw new PermanentError(
      'TRENDS.NO_WIDGET',
      'explore answered no TIMESERIES widget with a token',
      {
        payload: x.body,
      },
    );
  return { request: w.request, token: w.token };
}

/** `default.timelineData` of a multiline answer (one object is taken as a list of one). */
export function timeline(x: Exchange): unknown[] {
  const json = answerJson(x);
  const d = isObject(json) ? json.default : undefined;
  const t = isObject(d) ? d.timelineData : undefined;
  if (Array.isArray(t)) return t;
  if (isObject(t)) return [t];
  throw new PermanentError('TRENDS.SHAPE', 'multiline answered no default.timelineData', {
    payload: x.body,
  });
}

export interface Operation {
  name: string;
  done: boolean;
  error?: unknown;
  points?: unknown[];
}

/** A long-running operation of the official API (the POST's answer or a poll). */
export function operation(x: Exchange): Operation {
  const json = answerJson(x);
  if (!isObject(json) || typeof json.name !== 'string' || json.name === '')
    throw new PermanentError('TRENDS.SHAPE', 'the official API answered no operation name', {
      payload: x.body,
    });
  const op: Operation = { name: json.name, done: json.done === true };
  if (json.error !== undefined) op.error = json.error;
  if (op.done && op.error === undefined) {
    const r = isObject(json.response) ? json.response : undefined;
    const ts = r && isObject(r.timeSeries) ? r.timeSeries : undefined;
    const points = ts?.points;
    // A series with nothing in it may come without `points`.
    op.points = Array.isArray(points) ? points : isObject(points) ? [points] : [];
    if (!ts)
      throw new PermanentError('TRENDS.SHAPE', 'a done operation without response.timeSeries', {
        payload: x.body,
      });
  }
  return op;
}

/** The poll path of an operation name (`operations/abc` or `abc`). */
export function operationPath(name: string): string {
  return `${OPERATIONS_PATH}${name.replace(/^operations\//, '')}`;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The explore request's comparison: keywords in order, geo and the `YYYY-MM-DD YYYY-MM-DD` window. */
export function exploreQuery(url: string): GroupQuery {
  const req = JSON.parse(queryParam(url, 'req') ?? 'null') as unknown;
  const items = isObject(req) && Array.isArray(req.comparisonItem) ? req.comparisonItem : [];
  const first = items[0];
  const [start, end] =
    isObject(first) && typeof first.time === 'string' ? first.time.split(' ') : [];
  if (!items.length || !start || !end || !DATE_RE.test(start) || !DATE_RE.test(end))
    throw new Error(`not an explore request of ours: ${url.slice(0, 120)}`);
  return {
    keywords: items.map((i) => String((i as Json).keyword)),
    geo: String((first as Json).geo),
    window: { start, end },
  };
}

const KST_MS = 9 * 3600_000;
export const kstDate = (ms: number): string => new Date(ms + KST_MS).toISOString().slice(0, 10);

/** The fetchTimeSeries body's term, geo and window (KST dates: start inclusive, end exclusive + 1). */
export function officialQuery(body: string | undefined): GroupQuery {
  const spec = (JSON.parse(body ?? 'null') as { spec?: Json } | null)?.spec;
  const terms = (spec?.expression as { terms?: { value?: unknown }[] } | undefined)?.terms;
  const geo = (spec?.geo as { code?: unknown } | undefined)?.code;
  const range = spec?.timeRange as
    { startTime?: { seconds?: unknown }; endTime?: { seconds?: unknown } } | undefined;
  const s = Number(range?.startTime?.seconds);
  const e = Number(range?.endTime?.seconds);
  if (!terms?.length || typeof geo !== 'string' || !Number.isFinite(s) || !Number.isFinite(e))
    throw new Error('not a fetchTimeSeries request of ours');
  return {
    keywords: terms.map((t) => String(t.value)),
    geo,
    window: { start: kstDate(s * 1000), end: kstDate(e * 1000 - 1) },
  };
}

/**
 * What one request group's exchanges amount to (in request order). The extract reads its own answers
 * with it after following the flow; the transform reads the raw object's exchanges with it again.
 */
export function readGroup(exchanges: readonly Exchange[]): GroupAnswer {
  try {
    const series: RawSeries[] = [];
    const explore = exchanges.find((x) => pathOf(x.request.url).endsWith(EXPLORE_PATH));
    if (explore) {
      exploreWidget(explore);
      const multi = exchanges.find((x) => pathOf(x.request.url).endsWith(MULTILINE_PATH));
      if (!multi)
        throw new PermanentError(
          'TRENDS.INCOMPLETE',
          'explore was answered but multiline never asked',
        );
      const q = exploreQuery(explore.request.url);
      series.push({ api: 'unofficial', ...q, points: timeline(multi) });
    } else {
      // Official: one POST per term, then its polls; the last answer of each operation counts.
      const posts = exchanges.filter((x) => pathOf(x.request.url).endsWith(FETCH_PATH));
      if (posts.length === 0)
        throw new PermanentError('TRENDS.INCOMPLETE', 'no request of the flow');
      for (const post of posts) {
        let op = operation(post);
        const polls = exchanges.filter((x) => pathOf(x.request.url) === operationPath(op.name));
        if (polls.length) op = operation(polls[polls.length - 1]!);
        if (op.error !== undefined)
          throw new PermanentError(
            'TRENDS.OPERATION_FAILED',
            `operation ${op.name.slice(0, 80)} failed: ${JSON.stringify(op.error).slice(0, 200)}`,
            { payload: (polls[polls.length - 1] ?? post).body },
          );
        if (!op.done)
          throw new PermanentError(
            'TRENDS.INCOMPLETE',
            `operation ${op.name.slice(0, 80)} never finished`,
          );
        series.push({
          api: 'official',
          ...officialQuery(post.request.body),
          points: op.points ?? [],
        });
      }
    }
    const records = series.reduce(
      (n, s) => n + s.points.length * (s.api === 'unofficial' ? s.keywords.length : 1),
      0,
    );
    return records === 0 ? { kind: 'nodata' } : { kind: 'data', series, records };
  } catch (error) {
    if (error instanceof PipelineError) return { kind: 'error', error };
    throw error;
  }
}
