/**
 * The fake Google Trends for the local runtime and tests, in the exact shapes of reference/sources.md
 * §6, answering any comparison window deterministically (a daily volume per keyword and KST date):
 *   - explore: `)]}'` + JSON with widgets TIMESERIES (token + request), GEO_MAP, RELATED_QUERIES;
 *     more than 5 keywords is a 400;
 *   - multiline: `)]}',` + `{"default":{"timelineData":[...],"averages":[]}}`, one point per KST day
 *     (`time` = KST midnight in Unix seconds, as a string), `value[]` rescaled so the comparison's
 *     maximum is 100, `hasData: false` with value 0 on days a rare keyword has too little volume,
 *     `isPartial: true` on the last point when the window reaches yesterday (KST) or later; a window
 *     where no keyword has data answers an empty timelineData;
 *   - a token not issued for that widget request: HTTP 401 with Google's HTML error page;
 *   - official v1alpha: fetchTimeSeries (bearer key checked) answers a pending operation whose name
 *     encodes the request; polling it answers `done` with `response.timeSeries.points[]`.
 * Tokens derive from the widget request (real ones are single-use and random): identical requests get
 * identical answers, so a re-run stores identical bytes. The shapes a real session also meets — a 429
 * with Retry-After, a consent page, a truncated answer — are exported for tests to inject.
 */
import type { FakeReply, FakeRequest, FakeRoute } from '../types.js';
import { EXPLORE_PATH, FETCH_PATH, MULTILINE_PATH, OPERATIONS_PATH, kstDate } from './parse.js';

type Json = Record<string, unknown>;
const DAY = 86_400_000;
const KST_MS = 9 * 3600_000;

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** Searches of a keyword on a KST date (arbitrary units); 0 = too little to report. */
export function volume(keyword: string, date: string): number {
  const h = hash(keyword);
  // Rare terms (the bootcamp one) have a small base: some days fall under the reporting threshold.
  const base = /부트캠프/.test(keyword) ? 6 : 20 + (h % 80);
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = new Date(t).getUTCDay();
  const weekly = weekday === 0 || weekday === 6 ? 0.6 : 1;
  const season = 1 + 0.15 * Math.sin((t / DAY / 365) * 2 * Math.PI + (h % 7));
  const noise = 0.85 + (hash(`${keyword}/${date}`) % 31) / 100;
  const v = base * weekly * season * noise;
  return v < 5 ? 0 : v;
}

function dates(start: string, end: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const xssi = (prefix: string, body: unknown, status = 200): FakeReply => ({
  status,
  body: `${prefix}\n${JSON.stringify(body)}`,
  contentType: 'application/json; charset=utf-8',
});

export const tokenFor = (request: unknown): string =>
  `APP6_UEAAAAA${hash(JSON.stringify(request)).toString(36).padStart(7, '0')}${hash(`t${JSON.stringify(request)}`).toString(36)}`;

/** Google's plain error page (a refused token, a 404). */
export function googleErrorPage(status: number, title: string): string {
  return `<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error ${status} (${title})!!1</title>\n  <p><b>${status}.</b> <ins>That’s an error.</ins>\n  <p>${title}.  <ins>That’s all we know.</ins>\n`;
}

/** What a session without consent cookies gets from the Trends endpoints (HTTP 200, HTML). */
export const CONSENT_PAGE =
  '<!DOCTYPE html><html lang="ko" dir="ltr"><head><meta charset="utf-8"><title>Google에 로그인하기 전에</title></head><body><form action="https://consent.google.com/save" method="POST"><input type="hidden" name="gl" value="KR"><button>모두 수락</button></form></body></html>';

/** The 429 Trends sends to a client it throttles (with a Retry-After the shared client honours). */
export const RATE_LIMITED = {
  status: 429,
  contentType: 'text/html; charset=UTF-8',
  body: googleErrorPage(429, 'Too Many Requests'),
  headers: { 'retry-after': '1' },
};

/** A multiline answer cut off mid-way (a dropped connection the server still closed cleanly). */
export function truncated(body: string): string {
  return body.slice(0, Math.floor(body.length / 2));
}

function widgetRequest(items: Json[], time: string, hl: string): Json {
  return {
    time,
    resolution: 'DAY',
    locale: hl,
    comparisonItem: items.map((i) => ({
      geo: { country: i.geo },
      complexKeywordsRestriction: { keyword: [{ type: 'BROAD', value: i.keyword }] },
    })),
    requestOptions: { property: '', backend: 'IZG', category: 0 },
    userConfig: { userType: 'USER_TYPE_LEGIT_USER' },
  };
}

function explore(req: FakeRequest): FakeReply {
  let parsed: { comparisonItem?: Json[] };
  try {
    parsed = JSON.parse(req.params.req ?? '') as typeof parsed;
  } catch {
    return { status: 400, contentType: 'text/html', body: googleErrorPage(400, 'Bad Request') };
  }
  const items = parsed.comparisonItem ?? [];
  if (items.length < 1 || items.length > 5 || typeof items[0]!.time !== 'string')
    return { status: 400, contentType: 'text/html', body: googleErrorPage(400, 'Bad Request') };
  const request = widgetRequest(items, items[0]!.time, req.params.hl ?? 'en-US');
  const widget = (id: string, title: string, extra: Json = {}) => ({
    request: id === 'TIMESERIES' ? request : { ...request, resolution: 'COUNTRY' },
    token: tokenFor({ id, request }),
    id,
    type: id === 'TIMESERIES' ? 'fe_line_chart' : 'fe_geo_chart_explore',
    title,
    template: 'fe',
    embedTemplate: 'fe_embed',
    version: '1',
    isLong: true,
    isCurated: false,
    ...extra,
  });
  return xssi(")]}'", {
    widgets: [
      {
        ...widget('TIMESERIES', '시간 흐름에 따른 관심도 변화', { showLegend: false }),
        token: tokenFor(request),
      },
      widget('GEO_MAP', '지역별 관심도'),
      widget('RELATED_QUERIES', '관련 검색어'),
    ],
    keywords: items.map((i) => ({ keyword: i.keyword, name: i.keyword, type: 'Search term' })),
    timeRanges: [items[0]!.time],
    examples: [],
    shareText: 'Google 트렌드에서 탐색하기',
    shouldShowMultiHeatMapMessage: false,
  });
}

function multiline(req: FakeRequest): FakeReply {
  let request: Json;
  try {
    request = JSON.parse(req.params.req ?? '') as Json;
  } catch {
    return { status: 400, contentType: 'text/html', body: googleErrorPage(400, 'Bad Request') };
  }
  if (req.params.token !== tokenFor(request))
    return {
      status: 401,
      contentType: 'text/html; charset=UTF-8',
      body: googleErrorPage(401, 'Unauthorized'),
    };
  const keywords = (request.comparisonItem as Json[]).map(
    (c) => ((c.complexKeywordsRestriction as Json).keyword as Json[])[0]!.value as string,
  );
  const [start, end] = String(request.time).split(' ') as [string, string];
  const days = dates(start, end);
  const volumes = days.map((d) => keywords.map((k) => volume(k, d)));
  const max = Math.max(0, ...volumes.flat());
  if (max === 0) return xssi(")]}',", { default: { timelineData: [], averages: [] } });
  const partial = end >= kstDate(req.now - DAY);
  const timelineData = days.map((d, i) => {
    const values = volumes[i]!.map((v) => Math.round((100 * v) / max));
    const t = Date.parse(`${d}T00:00:00Z`) - KST_MS;
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return {
      time: String(t / 1000),
      formattedTime: `${y}. ${m}. ${dd}.`,
      formattedAxisTime: `${m}월 ${dd}일`,
      value: values,
      hasData: volumes[i]!.map((v) => v > 0),
      formattedValue: values.map(String),
      ...(partial && i === days.length - 1 ? { isPartial: true } : {}),
    };
  });
  return xssi(")]}',", { default: { timelineData, averages: [] } });
}

function official(req: FakeRequest, key: string): FakeReply {
  const json = (body: unknown, status = 200): FakeReply => ({
    status,
    body: JSON.stringify(body),
    contentType: 'application/json; charset=UTF-8',
  });
  if (req.headers?.authorization !== `Bearer ${key}`)
    return json(
      {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      },
      401,
    );
  if (req.method === 'POST') {
    const spec = (JSON.parse(req.body || '{}') as { spec?: Json }).spec;
    if (!spec)
      return json(
        { error: { code: 400, message: 'spec is required', status: 'INVALID_ARGUMENT' } },
        400,
      );
    return json({
      name: `operations/${Buffer.from(JSON.stringify(spec)).toString('base64url')}`,
      done: false,
    });
  }
  const id = req.path.slice(OPERATIONS_PATH.length);
  const spec = JSON.parse(Buffer.from(id, 'base64url').toString('utf8')) as {
    expression: { terms: { value: string }[] };
    timeRange: { startTime: { seconds: number }; endTime: { seconds: number } };
  };
  const term = spec.expression.terms[0]!.value;
  const start = spec.timeRange.startTime.seconds * 1000;
  const end = spec.timeRange.endTime.seconds * 1000;
  const days = dates(kstDate(start), kstDate(end - 1));
  const volumes = days.map((d) => volume(term, d));
  const max = Math.max(1, ...volumes);
  const partialFrom = kstDate(req.now - DAY);
  const points = days.map((d, i) => {
    const t = Date.parse(`${d}T00:00:00Z`) - KST_MS;
    const v = volumes[i]!;
    return {
      timeRange: { startTime: new Date(t).toISOString(), endTime: new Date(t + DAY).toISOString() },
      // Consistently scaled: the same day gives the same number whatever the window.
      ...(v > 0
        ? {
            searchInterest: Math.round(v * 1000) / 1000,
            scaledSearchInterest: Math.round((100 * v) / max),
          }
        : {}),
      ...(i === days.length - 1 && d >= partialFrom ? { isPartial: true } : {}),
    };
  });
  return json({ name: `operations/${id}`, done: true, response: { timeSeries: { points } } });
}

export const trendsFake: FakeRoute = {
  matches: (path) =>
    path === EXPLORE_PATH ||
    path === MULTILINE_PATH ||
    path === FETCH_PATH ||
    path.startsWith(OPERATIONS_PATH),
  create: (_fixturesDir, key) => (req) =>
    req.path === EXPLORE_PATH
      ? explore(req)
      : req.path === MULTILINE_PATH
        ? multiline(req)
        : official(req, key),
};
