import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PipelineError } from '../../../functions/core/errors.js';
import type { Exchange } from '../../../functions/core/http.js';
import { createLogger } from '../../../functions/core/log.js';
import { keyUnit } from '../../../functions/core/units.js';
import {
  checkCoverage,
  classifyPage,
  expectedRows,
  extractSeniorProjects,
} from '../../../functions/sources/senior_projects/client.js';
import {
  SOURCE_COLUMNS,
  parseDay,
  parseWhole,
  recordProblem,
} from '../../../functions/sources/senior_projects/columns.js';
import { seniorProjectsFake } from '../../../functions/sources/senior_projects/fake.js';
import {
  YEARLY_FILES,
  fileOf,
  filePath,
  projectKeys,
} from '../../../functions/sources/senior_projects/files.js';
import { seniorProjectsRaw } from '../../../functions/sources/senior_projects/tables.js';
import { seniorProjectsToRows } from '../../../functions/sources/senior_projects/transform.js';
import { rowProblem } from '../../../functions/core/table.js';
import { serializeExchanges } from '../../../functions/stages/objects.js';
import { seniorProjects } from '../../../functions/sources/senior_projects/index.js';
import { rowsToNdjson } from '../../../functions/stages/transform.js';
import { stubClient } from '../../support/client.js';

const OLD = {
  사업유형: '공익활동',
  사업번호: '2020-0000001',
  사업계획변경순번: 1,
  사업년도: '2020',
  계속사업여부: 'Y',
  계속사업시작년도: '2018',
  사업유형코드: '노노케어(11)',
  비예산여부: 'N',
  사업기간시작일: '20200102',
  목표일자리수: '1,204',
};
const NEW = {
  사업유형: '시장형',
  사업번호: '2024-0000002',
  사업계획변경순번: '2',
  사업년도: 2024,
  계속사업시작연도: 2020,
  예산구분: '비예산',
  사업기간시작일: '2024-01-02',
  목표일자리수: 37,
  수행기관명: '강남시니어클럽',
};

const page = (data: unknown[], o: { page?: number; perPage?: number; total?: number } = {}) =>
  JSON.stringify({
    page: o.page ?? 1,
    perPage: o.perPage ?? 500,
    totalCount: o.total ?? data.length,
    currentCount: data.length,
    matchCount: o.total ?? data.length,
    data,
  });

const x = (body: string, o: Partial<Exchange> = {}): Exchange => ({
  key: 'page-1',
  request: { method: 'GET', url: '/' },
  status: 200,
  contentType: 'application/json',
  body,
  ...o,
});

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof PipelineError, String(error));
    return `${error.kind}:${error.code}`;
  }
  return 'no error';
};

test('dates: YYYYMMDD and YYYY-MM-DD read alike; anything else, or an impossible day, is not a date', () => {
  assert.equal(parseDay('20240102'), '2024-01-02');
  assert.equal(parseDay('2024-01-02'), '2024-01-02');
  for (const bad of ['2024-0102', '2024/01/02', '20240230', '2024-13-01', '240102', '2024-1-2'])
    assert.equal(parseDay(bad), undefined, bad);
});

test('numbers: JSON numbers and digit strings (thousands commas too); fractions and words are not', () => {
  assert.equal(parseWhole(120), 120);
  assert.equal(parseWhole('120'), 120);
  assert.equal(parseWhole(' 1,204 '), 1204);
  for (const bad of [1.5, '1.5', '12명', '1,20', 'abc', Number.MAX_SAFE_INTEGER + 2])
    assert.equal(parseWhole(bad), undefined, String(bad));
});

test('records of either year form pass; drift is named', () => {
  assert.equal(recordProblem(OLD), undefined);
  assert.equal(recordProblem(NEW), undefined);
  assert.equal(recordProblem({ ...NEW, 사업기간종료일: '', 특수사업명코드: null }), undefined);
  assert.match(
    recordProblem({ ...NEW, 목표일자리수: { value: 40 } })!,
    /목표일자리수 is \{"value":40\}/,
  );
  assert.match(recordProblem({ ...NEW, 목표일자리수: '사십' })!, /not a whole number/);
  assert.match(recordProblem({ ...NEW, 사업기간시작일: '2024.01.02' })!, /not a date/);
  assert.match(recordProblem({ ...NEW, 예산구분: '기타' })!, /예산\/비예산/);
  assert.match(recordProblem({ ...NEW, 사업시작연도: 2020 })!, /unknown column "사업시작연도"/);
  assert.match(
    recordProblem({ ...NEW, 사업계획변경순번: '' })!,
    /no value for proj_plan_change_no/,
  );
  assert.match(
    recordProblem({ ...NEW, 계속사업시작년도: 2019 })!,
    /two columns for cont_proj_start_year/,
  );
  assert.match(recordProblem({ ...NEW, 사업명: ['a'] })!, /사업명 is \["a"\]/);
});

test('the staging model names every Korean column variant, and no other', () => {
  const sql = readFileSync(
    new URL(
      '../../../sql/staging/senior_projects/stg_senior_projects__projects.sql',
      import.meta.url,
    ),
    'utf8',
  );
  const body = sql.replace(/^--.*$/gm, '');
  const named = [...body.matchAll(/'\$\."([^"]+)"'/g)].map((m) => m[1]!);
  const mapped = SOURCE_COLUMNS.filter((c) => c.english).map((c) => c.korean);
  assert.deepEqual([...new Set(named)].sort(), [...mapped].sort());
});

test('files: one key per year with a known uddi', () => {
  assert.deepEqual(projectKeys(), ['2018', '2020', '2022', '2023', '2024']);
  assert.deepEqual(fileOf('2024'), { year: 2024, uddi: YEARLY_FILES['2024'] });
  assert.equal(fileOf('2019'), undefined);
  assert.equal(fileOf('2024-1'), undefined);
  assert.equal(filePath('uddi:x'), '/api/15050148/v1/uddi:x');
});

test('classifyPage: the envelope, odcloud error codes, HTML, truncation and self-contradiction', () => {
  assert.equal(classifyPage(x(page([OLD, NEW]))).data.length, 2);
  const refused = JSON.stringify({ code: -4, msg: '등록되지 않은 인증키 입니다.' });
  assert.equal(
    code(() => classifyPage(x(refused))),
    'config:SENIOR_PROJECTS.AUTH',
  );
  assert.equal(
    code(() => classifyPage(x(refused, { status: 401 }))),
    'config:SENIOR_PROJECTS.AUTH',
  );
  assert.equal(
    code(() => classifyPage(x('{"code":-3,"msg":"등록되지 않은 서비스 입니다."}'))),
    'config:SENIOR_PROJECTS.NOT_REGISTERED',
  );
  assert.equal(
    code(() => classifyPage(x('{"code":-1,"msg":"?"}'))),
    'permanent:SENIOR_PROJECTS.API_ERROR',
  );
  assert.equal(
    code(() => classifyPage(x('<html><body>점검 중</body></html>'))),
    'permanent:SENIOR_PROJECTS.HTML',
  );
  assert.equal(
    code(() => classifyPage(x('<html></html>', { status: 401 }))),
    'config:SENIOR_PROJECTS.AUTH',
  );
  assert.equal(
    code(() => classifyPage(x(page([OLD, NEW]).slice(0, 90)))),
    'permanent:SENIOR_PROJECTS.NOT_JSON',
  );
  assert.equal(
    code(() => classifyPage(x(JSON.stringify({ page: 1, perPage: 10, totalCount: 1 })))),
    'permanent:SENIOR_PROJECTS.SCHEMA_DRIFT',
  );
  const lying = JSON.parse(page([OLD, NEW])) as Record<string, unknown>;
  lying.currentCount = 3;
  assert.equal(
    code(() => classifyPage(x(JSON.stringify(lying)))),
    'permanent:SENIOR_PROJECTS.SHAPE',
  );
  // A kept body for every non-transient outcome.
  try {
    classifyPage(x(refused));
  } catch (error) {
    assert.equal((error as PipelineError).payload, refused);
  }
});

test('coverage: a short page or a total that moved is retried; a capped page size is configuration', () => {
  assert.equal(expectedRows(7, 3, 3), 1);
  assert.equal(expectedRows(7, 3, 4), 0);
  const p = (n: number, count: number, total = 7, perPage = 3) =>
    classifyPage(
      x(
        page(
          Array.from({ length: count }, () => OLD),
          { page: n, perPage, total },
        ),
      ),
    );
  checkCoverage([p(1, 3), p(2, 3), p(3, 1)], 3);
  assert.equal(
    code(() => checkCoverage([p(1, 3), p(2, 3)], 3)),
    'transient:SENIOR_PROJECTS.MISSING_PAGES',
  );
  assert.equal(
    code(() => checkCoverage([p(1, 3), p(2, 2), p(3, 1)], 3)),
    'transient:SENIOR_PROJECTS.PARTIAL_PAGE',
  );
  assert.equal(
    code(() => checkCoverage([p(1, 3), p(2, 3, 8)], 3)),
    'transient:SENIOR_PROJECTS.FILE_CHANGED',
  );
  assert.equal(
    code(() => checkCoverage([p(1, 3, 7, 2)], 3)),
    'config:SENIOR_PROJECTS.PAGE_SIZE',
  );
});

const SETTINGS = {
  baseUrl: 'https://api.odcloud.kr',
  pageSize: 2,
  timeoutMs: 1000,
  retries: 1,
  concurrency: 1,
  ratePerSecond: 0,
  dailyQuota: 0,
};

test('extract: pages 1..n with page, perPage, returnType=JSON and the key encoded once', async () => {
  const { client, urls } = stubClient(
    [
      page([OLD, OLD], { page: 1, perPage: 2, total: 5 }),
      page([OLD, OLD], { page: 2, perPage: 2, total: 5 }),
      page([OLD], { page: 3, perPage: 2, total: 5 }),
    ],
    { secret: 'a+b/c==' },
  );
  const result = await extractSeniorProjects({
    unit: keyUnit('2020'),
    now: Date.now(),
    settings: SETTINGS,
    options: {},
    secret: 'a+b/c==',
    client,
    log: createLogger(() => {}),
  });
  assert.equal(urls.length, 3);
  const u = new URL(urls[0]!);
  assert.equal(u.pathname, `/api/15050148/v1/${YEARLY_FILES['2020']}`);
  assert.equal(u.searchParams.get('serviceKey'), 'a+b/c==');
  assert.match(urls[0]!, /serviceKey=a%2Bb%2Fc%3D%3D/);
  assert.deepEqual(
    urls.map((s) => new URL(s).searchParams.get('page')),
    ['1', '2', '3'],
  );
  assert.ok(urls.every((s) => /perPage=2&returnType=JSON/.test(s)));
  assert.equal(result.kind, 'data');
  if (result.kind !== 'data') return;
  assert.equal(result.apiTotal, 5);
  assert.deepEqual(
    result.exchanges.map((e) => e.key),
    ['page-1', 'page-2', 'page-3'],
  );
  assert.ok(
    result.exchanges.every((e) => !e.request.url.includes('a+b')),
    'redacted',
  );
});

test('extract: no key, an unknown year and an empty file', async () => {
  const ctx = (key: string, secret: string | undefined, bodies: string[]) => ({
    unit: keyUnit(key),
    now: Date.now(),
    settings: SETTINGS,
    options: {},
    secret,
    client: stubClient(bodies).client,
    log: createLogger(() => {}),
  });
  await assert.rejects(extractSeniorProjects(ctx('2024', undefined, [page([])])), {
    code: 'SENIOR_PROJECTS.NO_KEY',
  });
  await assert.rejects(extractSeniorProjects(ctx('2019', 'k', [page([])])), {
    code: 'SENIOR_PROJECTS.BAD_KEY',
  });
  const empty = await extractSeniorProjects(ctx('2024', 'k', [page([], { perPage: 2 })]));
  assert.equal(empty.kind, 'empty');
});

test('transform: one raw row per record in file order, the record kept as sent', () => {
  const pages = [
    x(page([OLD, NEW], { page: 1, perPage: 2, total: 3 })),
    x(page([OLD], { page: 2, perPage: 2, total: 3 }), { key: 'page-2' }),
  ];
  // Exchanges in any order: rows follow the pages.
  const { tables, rawRows } = seniorProjectsToRows([pages[1]!, pages[0]!], keyUnit('2020'));
  const rows = tables[seniorProjectsRaw.name]!;
  assert.equal(rawRows, 3);
  assert.deepEqual(
    rows.map((r) => [r.file_year, r.page, r.row_no]),
    [
      [2020, 1, 1],
      [2020, 1, 2],
      [2020, 2, 3],
    ],
  );
  assert.deepEqual(JSON.parse(String(rows[1]!.record_json)), NEW);
  for (const r of rows) assert.equal(rowProblem(seniorProjectsRaw, r), undefined);
});

test('transform: drift names the record and keeps the page; a missing page is refused', () => {
  const bad = page([OLD, { ...NEW, 목표일자리수: { v: 1 } }]);
  try {
    seniorProjectsToRows([x(bad)], keyUnit('2024'));
    assert.fail('drift accepted');
  } catch (error) {
    assert.equal((error as PipelineError).code, 'SENIOR_PROJECTS.SCHEMA_DRIFT');
    assert.match((error as Error).message, /2024 page 1 record 2: 목표일자리수/);
    assert.equal((error as PipelineError).payload, bad);
  }
  assert.equal(
    code(() =>
      seniorProjectsToRows([x(page([OLD, OLD], { perPage: 2, total: 5 }))], keyUnit('2024')),
    ),
    'permanent:SENIOR_PROJECTS.MISSING_PAGES',
  );
});

test('the transform stage reads a yearly file page by page and still refuses a missing page', () => {
  const lineage = {
    _slot_id: 'key=2020',
    _slot_date: '1970-01-01',
    _raw_object: 'x',
    _raw_generation: '1',
  };
  const stage = (pages: Exchange[]) =>
    rowsToNdjson(
      seniorProjects,
      keyUnit('2020'),
      'x.jsonl',
      Buffer.from(serializeExchanges(pages)),
      lineage,
    );
  const p1 = x(page([OLD, NEW], { page: 1, perPage: 2, total: 3 }));
  const p2 = x(page([OLD], { page: 2, perPage: 2, total: 3 }), { key: 'page-2' });
  const out = stage([p1, p2]);
  assert.equal(out.rawRows, 3, 'every record of both pages');
  assert.equal(out.tables.get(seniorProjectsRaw.name)?.rows, 3, 'three NDJSON rows');
  assert.equal(
    code(() => stage([p1])),
    'permanent:SENIOR_PROJECTS.MISSING_PAGES',
    'the unit-wide check runs after the last page',
  );
  assert.equal(
    code(() => stage([p2])),
    'permanent:SENIOR_PROJECTS.EXCHANGE',
    'page 2 without page 1',
  );
});

test('fake: pages of the fixture file, -4 with HTTP 401 for another key, -3 for an unknown uddi', () => {
  const answer = seniorProjectsFake.create(
    new URL('../../fixtures/', import.meta.url).pathname,
    'fixture-key',
  );
  const req = (path: string, params: Record<string, string>) =>
    answer({ method: 'GET', path, params, body: '', now: Date.now() });
  const path = filePath(YEARLY_FILES['2023']!);
  assert.ok(seniorProjectsFake.matches(path));
  const p3 = JSON.parse(req(path, { serviceKey: 'fixture-key', page: '3', perPage: '3' }).body);
  assert.deepEqual(
    [p3.page, p3.perPage, p3.totalCount, p3.currentCount, p3.matchCount, p3.data.length],
    [3, 3, 7, 1, 7, 1],
  );
  assert.ok('계속사업시작연도' in p3.data[0]);
  const refused = req(path, { serviceKey: 'other' });
  assert.equal(refused.status, 401);
  assert.equal(JSON.parse(refused.body).code, -4);
  const gone = req(filePath('uddi:00000000-0000-0000-0000-000000000000'), {
    serviceKey: 'fixture-key',
  });
  assert.equal(JSON.parse(gone.body).code, -3);
});
