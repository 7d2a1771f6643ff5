import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../../functions/core/log.js';
import { parseSlot } from '../../../functions/core/slots.js';
import { slotUnit } from '../../../functions/core/units.js';
import { legacyExchanges } from '../../../functions/stages/objects.js';
import { stubClient } from '../../support/client.js';
import { extractSaramin } from '../../../functions/sources/saramin/client.js';
import {
  offsetDateToIso,
  decodeEntities,
  saraminToRows,
  unixToIso,
} from '../../../functions/sources/saramin/transform.js';

// The example fixture of reference/sources.md §1, verbatim.
const PAGE = `{"jobs":{"count":2,"start":0,"total":"1287","job":[
 {"url":"http://www.saramin.co.kr/zf_user/jobs/relay/view?rec_idx=50123456&utm_source=job-search-api&utm_medium=api&utm_campaign=saramin-job-search-api","active":1,
  "company":{"detail":{"href":"http://www.saramin.co.kr/zf_user/company-info/view?csn=1234567890&utm_source=job-search-api&utm_medium=api&utm_campaign=saramin-job-search-api","name":"(주)데이터랩"}},
  "position":{"title":"데이터 엔지니어 (Spark/Airflow) 경력 채용","industry":{"code":"301","name":"솔루션·SI·ERP·CRM"},"location":{"code":"101050","name":"서울 &gt; 강남구"},
   "job-type":{"code":"1","name":"정규직"},"job-mid-code":{"code":"2","name":"IT개발·데이터"},"job-code":{"code":"84,87","name":"백엔드/서버개발,데이터엔지니어"},
   "experience-level":{"code":2,"min":3,"max":0,"name":"경력3년↑"},"required-education-level":{"code":"8","name":"대학교졸업(4년)이상"}},
  "keyword":"데이터엔지니어,Python,Spark","salary":{"code":"99","name":"면접후 결정"},"id":"50123456",
  "posting-timestamp":"1757900000","modification-timestamp":"1757900000","opening-timestamp":"1757900000","expiration-timestamp":"1760540399",
  "close-type":{"code":"1","name":"접수마감일"}},
 {"url":"http://www.saramin.co.kr/zf_user/jobs/relay/view?rec_idx=50123999&utm_source=job-search-api&utm_medium=api&utm_campaign=saramin-job-search-api","active":1,"company":{"detail":{"href":"","name":"주식회사 분석왕"}},
  "position":{"title":"데이터 분석가 신입 모집","industry":{"code":"304","name":"웹에이전시"},"location":{"code":"102000","name":"경기 &gt; 성남시 분당구"},
   "job-type":{"code":"1,4","name":"정규직,인턴직"},"job-mid-code":{"code":"2,16","name":"IT개발·데이터,기획·전략"},"job-code":{"code":"1637","name":"데이터분석가"},
   "experience-level":{"code":1,"min":0,"max":0,"name":"신입"},"required-education-level":{"code":"0","name":"학력무관"}},
  "keyword":"데이터분석,SQL","salary":{"code":"0","name":"회사내규에 따름"},"id":"50123999","posting-timestamp":"1757910000","modification-timestamp":"1757920000",
  "opening-timestamp":"1757910000","expiration-timestamp":"1988118000","close-type":{"code":"3","name":"상시"}}]}}`;

test('the documented example becomes typed rows with every quirk handled', () => {
  const { rows, rawRows } = rowsOf(`[${PAGE}]`);
  assert.equal(rawRows, 2);
  const [a, b] = rows as [Record<string, unknown>, Record<string, unknown>];
  assert.equal(a.posting_id, '50123456');
  assert.deepEqual(a.location_names, ['서울 > 강남구']);
  assert.deepEqual(a.job_codes, ['84', '87']);
  assert.deepEqual(a.keywords, ['데이터엔지니어', 'Python', 'Spark']);
  assert.equal(a.posted_at, '2025-09-15T01:33:20.000Z');
  assert.equal(a.expires_at, '2025-10-15T14:59:59.000Z');
  assert.equal(a.experience_min_years, 3);
  assert.equal(a.experience_max_years, null, 'max 0 means no upper bound');
  assert.equal(a.is_active, true);
  assert.equal(a.salary_code, '99');
  assert.deepEqual(b.job_type_codes, ['1', '4']);
  assert.deepEqual(b.job_mid_names, ['IT개발·데이터', '기획·전략']);
  assert.equal(b.expires_at, null, 'far-future expiration = no deadline');
  assert.equal(b.has_deadline, false);
  assert.equal(b.company_url, null);
  assert.equal(b.modified_at, '2025-09-15T07:06:40.000Z');
});

test('a single job object instead of an array is accepted', () => {
  const single = {
    jobs: {
      count: 1,
      start: 0,
      total: '1',
      job: { id: '1', position: { title: 't' }, 'posting-timestamp': '1757900000' },
    },
  };
  assert.equal(rowsOf(JSON.stringify([single])).rows.length, 1);
});

test('bad payloads are permanent errors', () => {
  // A v1 raw object that is not a JSON array of pages.
  assert.throws(() => rowsOf('{not json'), { code: 'RAW.NOT_JSON' });
  assert.throws(() => rowsOf('{"jobs":{}}'), { code: 'RAW.SHAPE' });
  // A v2 exchange whose body is not JSON, or a page without `jobs`: the body goes to quarantine.
  const page = (body: string) => [
    { key: 'page-0001', request: { method: 'GET', url: 'x' }, status: 200, contentType: '', body },
  ];
  assert.throws(
    () => saraminToRows(page('<html>')),
    (e: { code: string; payload: string }) => {
      assert.equal(e.code, 'SARAMIN.NOT_JSON');
      assert.equal(e.payload, '<html>');
      return true;
    },
  );
  assert.throws(() => saraminToRows(page('{"other":1}')), { code: 'SARAMIN.SHAPE' });
  assert.throws(() => rowsOf('[{"jobs":{"total":"1","job":[{"position":{}}]}}]'), {
    code: 'SARAMIN.SCHEMA',
  });
});

test('HTML entities decode, unknown ones stay', () => {
  assert.equal(
    decodeEntities('서울 &gt; 강남구 &amp; &#39;x&#x27; &bogus;'),
    "서울 > 강남구 & 'x' &bogus;",
  );
});

const stubHttp = (pages: string[]) => {
  const { client, urls } = stubClient(pages);
  return { http: client, urls };
};

/** Rows of the raw table from a v1 raw text (a JSON array of pages). */
function rowsOf(raw: string): { rows: Record<string, unknown>[]; rawRows: number } {
  const { tables, rawRows } = saraminToRows(legacyExchanges(raw));
  return { rows: tables['raw.saramin_job_postings']!, rawRows };
}

const ctx = (http: ReturnType<typeof stubHttp>['http'], secret: string | undefined = 'k') => ({
  unit: slotUnit(parseSlot('2025-09-15T10:00+09:00/PT1H')),
  now: Date.now(),
  settings: {
    baseUrl: 'https://oapi.saramin.co.kr',
    pageSize: 2,
    timeoutMs: 1000,
    retries: 1,
    concurrency: 1,
    ratePerSecond: 0,
    dailyQuota: 0,
  },
  options: { job_mid_cd: '2' },
  secret,
  client: http,
  log: createLogger(() => {}),
});

test('extract pages with 0-based page numbers and stores every page verbatim', async () => {
  const p0 = '{"jobs":{"count":2,"start":0,"total":"3","job":[{"id":"1"},{"id":"2"}]}}';
  const p1 = '{"jobs":{"count":1,"start":1,"total":"3","job":{"id":"3"}}}';
  const { http, urls } = stubHttp([p0, p1]);
  const result = await extractSaramin(ctx(http));
  assert.equal(result.kind, 'data');
  assert.equal(urls.length, 2);
  const u = new URL(urls[1]!);
  assert.equal(u.searchParams.get('start'), '1');
  assert.equal(u.searchParams.get('count'), '2');
  assert.equal(
    u.searchParams.get('published_min'),
    String(Date.parse('2025-09-15T10:00:00+09:00') / 1000),
  );
  assert.equal(
    u.searchParams.get('published_max'),
    String(Date.parse('2025-09-15T11:00:00+09:00') / 1000 - 1),
  );
  assert.equal(u.searchParams.get('job_mid_cd'), '2');
  if (result.kind === 'data') {
    assert.deepEqual(
      result.exchanges.map((x) => [x.key, x.body]),
      [
        ['page-0001', p0],
        ['page-0002', p1],
      ],
      'every page verbatim, one exchange each',
    );
    assert.equal(result.apiTotal, 3);
    assert.equal(result.rawRows, 3);
  }
});

test('extract classifies error envelopes sent with HTTP 200', async () => {
  const cases: [string, string][] = [
    ['{"code":1,"message":"missing"}', 'SARAMIN.AUTH'],
    ['{"code":2,"message":"Invalid access-key"}', 'SARAMIN.AUTH'],
    ['{"code":3,"message":"bad"}', 'SARAMIN.BAD_REQUEST'],
    ['{"code":4,"message":"quota"}', 'SARAMIN.QUOTA'],
    ['{"code":99,"message":"oops"}', 'SARAMIN.SERVER'],
  ];
  for (const [body, code] of cases)
    await assert.rejects(extractSaramin(ctx(stubHttp([body]).http)), { code });
  await assert.rejects(extractSaramin(ctx(stubHttp(['x']).http, '')), { code: 'SARAMIN.NO_KEY' });
});

test('window=updated filters and sorts on the modification time instead', async () => {
  const { http, urls } = stubHttp(['{"jobs":{"count":0,"start":0,"total":"0","job":[]}}']);
  const c = ctx(http);
  await extractSaramin({ ...c, options: { ...c.options, window: 'updated' } });
  const u = new URL(urls[0]!);
  assert.equal(
    u.searchParams.get('updated_min'),
    String(Date.parse('2025-09-15T10:00:00+09:00') / 1000),
  );
  assert.equal(u.searchParams.get('published_min'), null);
  assert.equal(u.searchParams.get('sort'), 'ua');
  assert.equal(u.searchParams.get('window'), null, 'our option is not sent to the API');
  await assert.rejects(extractSaramin({ ...c, options: { window: 'sometimes' } }), {
    code: 'SARAMIN.BAD_OPTION',
  });
});

test('an empty hour is an empty result, not an error', async () => {
  const result = await extractSaramin(
    ctx(stubHttp(['{"jobs":{"count":0,"start":0,"total":"0","job":[]}}']).http),
  );
  assert.equal(result.kind, 'empty');
});

test('unixToIso is Date#toISOString to the character, and rejects instants after the year 9999', () => {
  const samples = [1, 59, 86_399, 86_400, 951_782_400, 951_868_800, 1_757_894_407, 4_107_542_400];
  for (let i = 0; i < 5000; i++) samples.push(1 + Math.floor(Math.random() * 253_402_300_799));
  for (const n of samples) assert.equal(unixToIso(String(n)), new Date(n * 1000).toISOString());
  assert.equal(unixToIso('253402300799'), '9999-12-31T23:59:59.000Z');
  assert.equal(unixToIso('0'), null);
  assert.equal(unixToIso(''), null);
  assert.throws(() => unixToIso('253402300800'), /SARAMIN.SCHEMA|year 9999/);
  assert.throws(() => unixToIso('1e20'), /year 9999/);
});

test('offsetDateToIso reads the API format field by field with exactly the result of Date.parse', () => {
  const byDateParse = (s: string) => {
    const t = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  };
  const two = (n: number) => String(n).padStart(2, '0');
  const cases = [
    '2019-07-07T17:17:17+0900',
    '2024-02-29T00:00:00+0900',
    '2023-02-29T00:00:00+0900', // rolls over to March 1, as Date.parse does
    '2025-04-31T10:00:00+0900',
    '2025-12-31T24:00:00+0900',
    '2025-12-31T24:00:01+0900',
    '2025-13-01T00:00:00+0900',
    '2025-01-01T00:00:00-0500',
    '2025-01-01T00:00:00+09:00',
    '2025-1-01T00:00:00+0900',
    '1970-01-01T09:00:00+0900',
  ];
  // A fixed pseudo-random walk over every field, out-of-range values included.
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
  for (let i = 0; i < 3000; i++)
    cases.push(
      `${1990 + next(60)}-${two(next(14))}-${two(next(33))}T${two(next(26))}:${two(next(61))}:${two(next(61))}${next(2) ? '+' : '-'}${two(next(15))}${two(next(4) * 15)}`,
    );
  for (const c of cases) assert.equal(offsetDateToIso(c), byDateParse(c), c);
});
