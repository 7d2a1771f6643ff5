import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import Bottleneck from 'bottleneck';
import { createSourceClient, type Exchange } from '../../../functions/core/http.js';
import { createLogger } from '../../../functions/core/log.js';
import { parseSlot } from '../../../functions/core/slots.js';
import { slotUnit } from '../../../functions/core/units.js';
import { extractTrends, trendsSettings } from '../../../functions/sources/trends/client.js';
import {
  CONSENT_PAGE,
  RATE_LIMITED,
  trendsFake,
  truncated,
} from '../../../functions/sources/trends/fake.js';
import {
  comparisonWindow,
  configuredGroups,
  parseKeywordsCsv,
  requestGroups,
} from '../../../functions/sources/trends/keywords.js';
import { readGroup, stripXssi } from '../../../functions/sources/trends/parse.js';
import { trendsToRows } from '../../../functions/sources/trends/transform.js';
import type { ExtractResult, FakeReply } from '../../../functions/sources/types.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/trends/${name}`, import.meta.url), 'utf8');

const EXPLORE_URL = (keywords: string[], time = '2024-09-01 2024-09-21') =>
  `/trends/api/explore?hl=ko&tz=-540&req=${encodeURIComponent(
    JSON.stringify({
      comparisonItem: keywords.map((keyword) => ({ keyword, geo: 'KR', time })),
      category: 0,
      property: '',
    }),
  )}`;

const x = (
  key: string,
  url: string,
  body: string,
  status = 200,
  contentType = 'application/json',
): Exchange => ({
  key,
  request: { method: url.includes('explore') ? 'POST' : 'GET', url },
  status,
  contentType,
  body,
});

const group = (key: string, keywords: string[], multiline: string, status = 200): Exchange[] => [
  x(key, EXPLORE_URL(keywords), fixture('explore-single.txt')),
  x(key, '/trends/api/widgetdata/multiline?hl=ko&tz=-540&req=%7B%7D&token=t', multiline, status),
];

test('the XSSI guard is stripped in both spellings, and plain JSON passes', () => {
  assert.equal(stripXssi(')]}\'\n{"a":1}'), '{"a":1}');
  assert.equal(stripXssi(')]}\',\n{"a":1}'), '{"a":1}');
  assert.equal(stripXssi(')]}\',{"a":1}'), '{"a":1}');
  assert.equal(stripXssi('{"a":1}'), '{"a":1}');
});

test('keywords: seed groups become requests of at most 5, split groups get numbered keys', () => {
  const seed = parseKeywordsCsv(
    'keyword,keyword_group\n' +
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => `${k},big`).join('\n') +
      '\n데이터 엔지니어,roles\nSQL,solo',
  );
  assert.deepEqual(requestGroups(seed), [
    { key: 'big.1', keywords: ['a', 'b', 'c', 'd', 'e'] },
    { key: 'big.2', keywords: ['f', 'g'] },
    { key: 'roles', keywords: ['데이터 엔지니어'] },
    { key: 'solo', keywords: ['SQL'] },
  ]);
  assert.throws(() => parseKeywordsCsv('keyword,keyword_group\nSQL,bad group'), /bad line/);
  assert.throws(() => parseKeywordsCsv('keyword,keyword_group\nSQL,a\nSQL,a'), /twice/);
  // The shipped seed: every request within the limit, the groups narrowed by options.
  const shipped = configuredGroups({});
  assert.ok(shipped.length >= 3 && shipped.every((g) => g.keywords.length <= 5));
  assert.ok(shipped.some((g) => g.keywords.includes('정보처리기사')));
  assert.deepEqual(
    configuredGroups({ groups: 'certs' }).map((g) => g.key),
    ['certs'],
  );
});

test('the comparison window is the window_days KST dates ending on the unit date', () => {
  assert.deepEqual(comparisonWindow('2025-09-15', 90), { start: '2025-06-18', end: '2025-09-15' });
  assert.deepEqual(comparisonWindow('2024-03-01', 2), { start: '2024-02-29', end: '2024-03-01' });
  assert.deepEqual(comparisonWindow('2025-01-01', 1), { start: '2025-01-01', end: '2025-01-01' });
});

test('multiline points become one row per keyword and point: hasData false kept as such, isPartial on the last', () => {
  const { tables, rawRows } = trendsToRows(
    group('skills', ['SQL', '파이썬'], fixture('multiline-two-keywords.txt')),
  );
  const rows = tables['core.search_interest']!;
  assert.equal(rawRows, 6);
  assert.deepEqual(rows[0], {
    keyword: 'SQL',
    keyword_group: 'skills',
    geo: 'KR',
    window_start: '2024-09-01',
    window_end: '2024-09-21',
    point_time: '2024-09-01T00:00:00.000Z',
    point_date: '2024-09-01',
    value: 62,
    official_interest: null,
    has_data: true,
    is_partial: false,
    api: 'unofficial',
  });
  const sparse = rows.find((r) => r.keyword === '파이썬' && r.point_date === '2024-09-08')!;
  assert.equal(sparse.has_data, false);
  assert.equal(sparse.value, 0);
  assert.deepEqual(
    rows.filter((r) => r.is_partial).map((r) => `${r.keyword} ${r.point_date}`),
    ['SQL 2024-09-15', '파이썬 2024-09-15'],
  );
});

test('a single-keyword answer, even as one object instead of a list, gives its rows on the KST date', () => {
  const { tables } = trendsToRows(
    group('certs', ['정보처리기사'], fixture('multiline-single-object.txt')),
  );
  const rows = tables['core.search_interest']!;
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.point_time, '2025-09-14T15:00:00.000Z');
  assert.equal(rows[0]!.point_date, '2025-09-15', 'KST midnight is the KST date');
});

test('the window is part of the key: the same day from two comparisons stays two rows', () => {
  const a = trendsToRows(group('g', ['SQL', '파이썬'], fixture('multiline-two-keywords.txt')));
  const b = trendsToRows([
    x('g', EXPLORE_URL(['SQL', '파이썬'], '2024-08-25 2024-09-14'), fixture('explore-single.txt')),
    x('g', '/trends/api/widgetdata/multiline?token=t', fixture('multiline-two-keywords.txt')),
  ]);
  const key = (r: Record<string, unknown>) =>
    ['keyword', 'keyword_group', 'geo', 'window_start', 'window_end', 'point_time']
      .map((k) => r[k])
      .join('|');
  const keys = new Set(
    [...a.tables['core.search_interest']!, ...b.tables['core.search_interest']!].map(key),
  );
  assert.equal(keys.size, 12);
});

test('classification: consent page, truncated JSON, refused token, missing widget, refused official key', () => {
  const code = (exchanges: Exchange[]) => {
    const a = readGroup(exchanges);
    return a.kind === 'error' ? `${a.error.kind}:${a.error.code}` : a.kind;
  };
  const ok = fixture('multiline-two-keywords.txt');
  assert.equal(code(group('g', ['a', 'b'], ok)), 'data');
  assert.equal(code(group('g', ['a', 'b'], CONSENT_PAGE)), 'permanent:TRENDS.HTML');
  assert.equal(code(group('g', ['a', 'b'], truncated(ok))), 'permanent:TRENDS.NOT_JSON');
  assert.equal(
    code(group('g', ['a', 'b'], '<!DOCTYPE html><title>Error 401</title>', 401)),
    'permanent:TRENDS.BAD_TOKEN',
  );
  assert.equal(
    code(group('g', ['a', 'b'], ')]}\',\n{"default":{"timelineData":[],"averages":[]}}')),
    'nodata',
  );
  assert.equal(
    code([
      x('g', EXPLORE_URL(['a']), ')]}\'\n{"widgets":[{"id":"GEO_MAP","token":"x","request":{}}]}'),
    ]),
    'permanent:TRENDS.NO_WIDGET',
  );
  assert.equal(
    code([
      x('g', '/v1alpha:fetchTimeSeries', '{"error":{"code":401,"status":"UNAUTHENTICATED"}}', 401),
    ]),
    'config:TRENDS.AUTH',
  );
});

test('schema drift in a point is refused with the body, never loaded as a guess', () => {
  const drifted =
    ")]}',\n" +
    JSON.stringify({
      default: { timelineData: [{ time: '1725148800', value: ['62', 18], hasData: [true, true] }] },
    });
  assert.throws(
    () => trendsToRows(group('g', ['SQL', '파이썬'], drifted)),
    (e: Error & { code?: string; payload?: string }) => {
      assert.equal(e.code, 'TRENDS.SCHEMA_DRIFT');
      assert.match(e.message, /group g: timelineData\[0\]\.value\[0\] is "62"/);
      assert.ok(e.payload?.includes('"62"'));
      return true;
    },
  );
  const short =
    ")]}',\n" +
    JSON.stringify({
      default: { timelineData: [{ time: '1725148800', value: [1], hasData: [true] }] },
    });
  assert.throws(() => trendsToRows(group('g', ['SQL', '파이썬'], short)), /value is not 2 values/);
});

test('settings: the official API needs the key, bad options are config errors', () => {
  assert.equal(trendsSettings({}, undefined).api, 'unofficial');
  assert.equal(trendsSettings({}, 'k').api, 'official');
  assert.equal(trendsSettings({ api: 'unofficial' }, 'k').api, 'unofficial');
  assert.throws(() => trendsSettings({ api: 'official' }, undefined), { code: 'TRENDS.NO_KEY' });
  assert.throws(() => trendsSettings({ window_days: '400' }, undefined), {
    code: 'TRENDS.OPTIONS',
  });
});

// --- the extract against the fake's handler (no server): both implementations, failures, retries ---

const KEY = 'fake-key-1234';
const answer = trendsFake.create('', KEY);

function fakeFetch(override?: (url: URL) => FakeReply | undefined) {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchImpl = (async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    seen.push({ url: String(input), headers });
    const reply =
      override?.(url) ??
      answer({
        method: init?.method ?? 'GET',
        path: url.pathname,
        params: Object.fromEntries(url.searchParams),
        body: typeof init?.body === 'string' ? init.body : '',
        headers,
        now: Date.parse('2026-12-01T00:00:00Z'),
      });
    return new Response(reply.body, {
      status: reply.status,
      headers: { 'content-type': reply.contentType, ...(reply.headers ?? {}) },
    });
  }) as typeof fetch;
  return { fetchImpl, seen };
}

async function extract(o: {
  secret?: string;
  options?: Record<string, string>;
  only?: string[];
  override?: (url: URL) => FakeReply | undefined;
  retries?: number;
  sleeps?: number[];
}): Promise<{ result: ExtractResult; seen: { url: string; headers: Record<string, string> }[] }> {
  const { fetchImpl, seen } = fakeFetch(o.override);
  const client = createSourceClient({
    codePrefix: 'TRENDS',
    limits: {
      timeoutMs: 1000,
      retries: o.retries ?? 1,
      concurrency: 1,
      ratePerSecond: 0,
      dailyQuota: 0,
    },
    secret: o.secret,
    fetch: fetchImpl,
    limiter: new Bottleneck(),
    sleep: async (ms) => void o.sleeps?.push(ms),
  });
  const result = await extractTrends({
    unit: slotUnit(parseSlot('2025-09-15T00:00+09:00/P1D')),
    now: Date.now(),
    settings: {
      baseUrl: 'http://fake.test',
      pageSize: 5,
      timeoutMs: 1000,
      retries: 1,
      concurrency: 1,
      ratePerSecond: 0,
      dailyQuota: 0,
    },
    options: { official_base_url: 'http://fake.test', ...(o.options ?? {}) },
    secret: o.secret,
    client,
    log: createLogger(() => {}),
    ...(o.only ? { only: o.only } : {}),
  });
  return { result, seen };
}

test('unofficial flow: explore then multiline per group, every group loads, the rare keyword is sparse', async () => {
  const { result, seen } = await extract({});
  assert.equal(result.kind, 'data');
  if (result.kind !== 'data') return;
  const groups = configuredGroups({});
  assert.equal(seen.length, groups.length * 2);
  assert.ok(
    seen.every((s) => !s.headers.authorization),
    'no key is sent',
  );
  assert.deepEqual(result.failures, []);
  const rows = trendsToRows(result.exchanges).tables['core.search_interest']!;
  assert.equal(rows.length, result.apiTotal, 'reconciles with what the extract counted');
  assert.equal(rows.length, 90 * groups.reduce((n, g) => n + g.keywords.length, 0));
  assert.ok(rows.every((r) => r.window_start === '2025-06-18' && r.window_end === '2025-09-15'));
  const rare = rows.filter((r) => r.keyword === '데이터 부트캠프');
  assert.ok(rare.some((r) => !r.has_data) && rare.some((r) => r.has_data), 'sparse hasData');
  const roles = rows.filter((r) => r.keyword_group === 'roles');
  assert.equal(Math.max(...roles.map((r) => Number(r.value))), 100, 'one scale per comparison');
});

test('official flow: one POST per term with the key as a bearer token, polled until done; the key is redacted', async () => {
  const { result, seen } = await extract({ secret: KEY, options: { groups: 'roles,bootcamp' } });
  assert.equal(result.kind, 'data');
  if (result.kind !== 'data') return;
  assert.equal(seen.length, 6 * 2, 'five roles and one bootcamp term, a POST and a poll each');
  assert.ok(seen.every((s) => s.headers.authorization === `Bearer ${KEY}`));
  assert.ok(
    !JSON.stringify(result.exchanges).includes(KEY),
    'the stored exchanges never hold the key',
  );
  const rows = trendsToRows(result.exchanges).tables['core.search_interest']!;
  assert.equal(rows.length, result.apiTotal);
  assert.ok(rows.every((r) => r.api === 'official'));
  assert.ok(rows.some((r) => r.official_interest !== null && r.has_data));
  assert.ok(
    rows.some(
      (r) => r.keyword === '데이터 부트캠프' && !r.has_data && r.official_interest === null,
    ),
  );
  const { result: refused } = await extract({
    secret: 'wrong',
    options: { groups: 'roles' },
  }).catch((e: Error & { code?: string }) => ({
    result: { kind: 'empty' as const, reason: e.code ?? '' },
  }));
  assert.deepEqual(
    refused,
    { kind: 'empty', reason: 'TRENDS.AUTH' },
    'a refused key fails the unit',
  );
});

test('a throttled group (429, Retry-After honoured, then still 429) fails alone, named by its key', async () => {
  const sleeps: number[] = [];
  const { result } = await extract({
    retries: 3,
    sleeps,
    override: (url) =>
      url.searchParams.get('req')?.includes('SQL') && url.pathname.endsWith('explore')
        ? RATE_LIMITED
        : undefined,
  });
  assert.equal(result.kind, 'data');
  if (result.kind !== 'data') return;
  // `SQL` is in the skills group; SQLD (certs) contains the text too.
  assert.deepEqual(
    result.failures?.map((f) => `${f.key} ${f.code}`),
    ['skills TRENDS.HTTP_429', 'certs TRENDS.HTTP_429'],
  );
  assert.ok(
    sleeps.length >= 4 && sleeps.every((s) => s === 1000),
    `waited the Retry-After: ${sleeps.join(',')}`,
  );
  const rows = trendsToRows(result.exchanges).tables['core.search_interest']!;
  assert.deepEqual([...new Set(rows.map((r) => r.keyword_group))].sort(), ['bootcamp', 'roles']);

  // A retry of just those keys asks only for them.
  const { result: retry, seen } = await extract({ only: ['skills', 'certs'] });
  assert.equal(retry.kind, 'data');
  assert.equal(seen.length, 4);
  await assert.rejects(extract({ only: ['nope'] }), { code: 'TRENDS.UNKNOWN_GROUP' });
});

test('every group failing fails the unit as a whole', async () => {
  await assert.rejects(
    extract({ override: () => ({ status: 200, body: CONSENT_PAGE, contentType: 'text/html' }) }),
    { code: 'TRENDS.HTML' },
  );
});
