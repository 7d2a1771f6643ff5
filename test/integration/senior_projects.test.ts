/**
 * Senior job programme projects end to end on the embedded runtime: every yearly file against the
 * fake odcloud API, page by page (their column names, date formats and number types differ by year)
 * -> raw.senior_projects -> staging -> core.senior_job_projects -> the marts; a re-published file
 * that lost a record (the record goes, other files untouched); a refused key (HTTP 200 and 401), an
 * HTML page and a truncated body kept in quarantine with nothing loaded; a count sent as an object
 * quarantined as schema drift while the year's previous load stays.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { FAKE_API_KEY } from '../../functions/adapters/local/fake-api.js';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import {
  filePath,
  projectKeys,
  YEARLY_FILES,
} from '../../functions/sources/senior_projects/files.js';
import { runWindow, tableHash, tempRuntime } from '../support/runtime.js';

const runtimes: LocalRuntime[] = [];
after(async () => {
  for (const rt of runtimes) await rt.close();
});

const ENV = {
  SARAMIN_ACCESS_KEY: '',
  DATA_GO_KR_SERVICE_KEY: '',
  SEOUL_OPEN_API_KEY: '',
  SLACK_WEBHOOK_URL: '',
};

async function fresh(pageSize?: number) {
  const rt = await tempRuntime({
    env: { ...ENV, ...(pageSize ? { SENIOR_PROJECTS_PAGE_SIZE: String(pageSize) } : {}) },
  });
  runtimes.push(rt);
  return rt;
}

async function publishKey(rt: LocalRuntime, key: string) {
  await rt.bus.publish(
    `${rt.config.topicPrefix}senior_projects`,
    { key, force: true },
    { source: 'senior_projects', origin: 'backfill' },
  );
  await rt.bus.drain();
}

const records = (year: string): Record<string, unknown>[] =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/senior_projects/${year}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>[];

/** One page holding the whole file, in the API's envelope. */
const onePage = (data: unknown[]) =>
  JSON.stringify({
    page: 1,
    perPage: 500,
    totalCount: data.length,
    currentCount: data.length,
    matchCount: data.length,
    data,
  });

const num = (v: unknown) => (v === null ? null : Number(v));

async function runs(rt: LocalRuntime) {
  return rt.warehouse.query(
    "select slot_id, stage, status, error_code, object from ops.pipeline_runs where source = 'senior_projects' and status != 'skipped' order by slot_id, stage",
  );
}

async function kept(rt: LocalRuntime, object: unknown): Promise<string> {
  const name = String(object).replace(`gs://${rt.config.buckets.quarantine}/`, '');
  return (await rt.store.read({ bucket: rt.config.buckets.quarantine, name })).toString();
}

test('every yearly file, paged, lands in one English schema; the marts answer by region, type, year and continuity', async () => {
  const rt = await fresh(3);
  await runWindow(rt, 'senior_projects', '2024-01-01', '2024-01-02');
  const ledger = await runs(rt);
  const keys = projectKeys().length;
  assert.equal(keys, 5);
  assert.deepEqual(
    ledger.reduce<Record<string, number>>((m, r) => {
      const k = `${r.stage}:${r.status}`;
      m[k] = (m[k] ?? 0) + 1;
      return m;
    }, {}),
    { 'extract:succeeded': keys, 'transform:succeeded': keys, 'load:succeeded': keys },
  );
  // 3 rows a page: the 7-row files take pages 1..3, and nothing is asked twice.
  const asked = rt.fakeApi!.requests.filter((r) => r.path === filePath(YEARLY_FILES['2023']!));
  assert.deepEqual(asked.map((r) => r.params.page).sort(), ['1', '2', '3']);
  assert.ok(asked.every((r) => r.params.perPage === '3' && r.params.returnType === 'JSON'));

  const perYear = await rt.warehouse.query(
    'select proj_year, count(*) as n from core.senior_job_projects group by proj_year order by proj_year',
  );
  assert.deepEqual(
    perYear.map((r) => `${r.proj_year}:${r.n}`),
    ['2018:3', '2020:6', '2022:7', '2023:7', '2024:7'],
  );
  const row = async (year: number, no: string) =>
    (
      await rt.warehouse.query(
        `select *, format_date('%Y-%m-%d', proj_start_date) as start_day, format_date('%Y-%m-%d', proj_end_date) as end_day from core.senior_job_projects where proj_year = ${year} and proj_no = '${no}'`,
      )
    )[0]!;
  // 2020: 계속사업시작년도, 비예산여부, YYYYMMDD, counts as strings ("1,204").
  const old = await row(2020, '2020-0000001');
  assert.equal(num(old.target_employment), 1204);
  assert.equal(num(old.cont_proj_start_year), 2018);
  assert.equal(old.cont_proj_yn, 'Y');
  assert.equal(old.start_day, '2020-01-02');
  assert.equal(old.non_budg_yn, 'N');
  assert.equal(old.operator_nm, null, 'the 2020 file has no 수행기관명');
  assert.equal(old.spec_proj_cd, 'S01');
  // 2024: 계속사업시작연도, 예산구분, YYYY-MM-DD, numbers as numbers, 수행기관명.
  const now = await row(2024, '2024-0000001');
  assert.equal(num(now.target_employment), 132);
  assert.equal(num(now.cont_proj_start_year), 2018);
  assert.equal(now.end_day, '2024-12-31');
  assert.equal(now.non_budg_yn, 'N');
  assert.equal(now.operator_nm, '강남시니어클럽');
  assert.deepEqual([now.proj_type_nm, now.proj_type_cd], ['노노케어', '11']);
  assert.equal(now.adm_sido_nm, '서울특별시');
  const budget = await row(2024, '2024-0000005');
  assert.equal(budget.non_budg_yn, 'Y', '예산구분 비예산 reads as non-budget Y');
  assert.equal(num(budget.proj_plan_change_no), 1);

  const region = await rt.warehouse.query(
    "select proj_type, projects, target_employment from mart.senior_projects_by_region where proj_year = 2024 and sido = '서울특별시' order by proj_type",
  );
  assert.deepEqual(
    region.map((r) => [r.proj_type, num(r.projects), num(r.target_employment)]),
    [
      ['공익활동', 1, 132],
      ['시장형', 1, 37],
    ],
  );
  const [sejong] = await rt.warehouse.query(
    "select sido, target_employment from mart.senior_projects_by_region where proj_year = 2023 and sido = '세종특별자치시'",
  );
  assert.equal(num(sejong!.target_employment), 70);

  const cont = await rt.warehouse.query(
    'select proj_nm, run_start_year, first_year, last_year, years_running, years_seen, is_continuing from mart.senior_projects_continuity order by proj_nm',
  );
  const byName = new Map(cont.map((r) => [r.proj_nm, r]));
  const nono = byName.get('어르신 노노케어')!;
  assert.deepEqual(
    [nono.run_start_year, nono.last_year, nono.years_running, nono.years_seen].map(num),
    [2018, 2024, 7, 5],
    'in every file since 2018: 7 calendar years, 5 files',
  );
  const safety = byName.get('취약계층 안부 확인')!;
  assert.deepEqual(
    [safety.first_year, safety.run_start_year, safety.years_running].map(num),
    [2022, 2022, 3],
  );
  const jobs = byName.get('구인처 연계')!;
  assert.equal(jobs.is_continuing, false);
  assert.equal(num(jobs.run_start_year), 2020, 'not continuing: it runs since it first appears');
  assert.ok(!rt.alerts.history.some((a) => a.severity === 'error' || a.severity === 'warning'));
});

test('a re-published file that lost a record: the record is gone, other files untouched', async () => {
  const rt = await fresh();
  await runWindow(rt, 'senior_projects', '2024-01-01', '2024-01-02');
  const others = () =>
    tableHash(
      rt,
      'select * from core.senior_job_projects where proj_year != 2023 order by 1, 2, 3',
    );
  const before = await others();
  assert.equal(before.rows, 23);
  const lessOne = records('2023').filter((r) => r['사업번호'] !== '2023-0000004');
  rt.fakeApi!.inject({
    path: filePath(YEARLY_FILES['2023']!),
    times: 1,
    status: 200,
    contentType: 'application/json;charset=UTF-8',
    body: onePage(lessOne),
  });
  await publishKey(rt, '2023');
  const nos = await rt.warehouse.query(
    'select proj_no from core.senior_job_projects where proj_year = 2023 order by proj_no',
  );
  assert.equal(nos.length, 6);
  assert.ok(!nos.some((r) => r.proj_no === '2023-0000004'), 'the vanished record is removed');
  assert.deepEqual(await others(), before, 'no other file changed');
  const [mart] = await rt.warehouse.query(
    "select count(*) as n from mart.senior_projects_by_region where proj_year = 2023 and proj_type = '사회서비스형'",
  );
  assert.equal(Number(mart!.n), 0, 'the marts follow');
  // Published again from the fixture, the record is back: each load is the whole file.
  await publishKey(rt, '2023');
  const [all] = await rt.warehouse.query(
    'select count(*) as n from core.senior_job_projects where proj_year = 2023',
  );
  assert.equal(Number(all!.n), 7);
});

test('a refused key (HTTP 200 and 401), an HTML page and a truncated body: quarantined with their bodies, nothing loaded', async () => {
  const rt = await fresh();
  const path = (year: string) => filePath(YEARLY_FILES[year]!);
  const refused = JSON.stringify({ code: -4, msg: '등록되지 않은 인증키 입니다.' });
  rt.fakeApi!.inject({ path: path('2018'), times: 1, status: 200, body: refused });
  rt.fakeApi!.inject({ path: path('2020'), times: 1, status: 401, body: refused });
  rt.fakeApi!.inject({
    path: path('2022'),
    times: 1,
    status: 200,
    contentType: 'text/html',
    body: '<!DOCTYPE html><html><body><h1>페이지를 찾을 수 없습니다</h1></body></html>',
  });
  rt.fakeApi!.inject({
    path: path('2023'),
    times: 1,
    status: 200,
    body: onePage(records('2023')).slice(0, 700),
  });
  for (const key of ['2018', '2020', '2022', '2023']) await publishKey(rt, key);
  const ledger = await runs(rt);
  assert.deepEqual(
    ledger.map((r) => `${r.slot_id}:${r.stage}:${r.status}:${r.error_code}`),
    [
      'key=2018:extract:quarantined:SENIOR_PROJECTS.AUTH',
      'key=2020:extract:quarantined:SENIOR_PROJECTS.AUTH',
      'key=2022:extract:quarantined:SENIOR_PROJECTS.HTML',
      'key=2023:extract:quarantined:SENIOR_PROJECTS.NOT_JSON',
    ],
  );
  const refusedBody = await kept(rt, ledger[0]!.object);
  assert.match(refusedBody, /"code":-4/);
  assert.ok(!refusedBody.includes(FAKE_API_KEY), 'the key is not in the kept body');
  assert.match(await kept(rt, ledger[2]!.object), /페이지를 찾을 수 없습니다/);
  assert.equal(
    rt.fakeApi!.requests.filter((r) => r.path === path('2018')).length,
    1,
    'not retried',
  );
  const [n] = await rt.warehouse.query('select count(*) as n from raw.senior_projects');
  assert.equal(Number(n!.n), 0);
  const errors = rt.alerts.history.filter((a) => a.severity === 'error');
  assert.equal(errors.length, 4);
  assert.equal(errors.filter((a) => /Configuration/.test(a.title)).length, 2);
});

test('a count sent as an object is schema drift: quarantined with its page, the year keeps its last good load', async () => {
  const rt = await fresh();
  await publishKey(rt, '2024');
  const before = await tableHash(rt, 'select * from core.senior_job_projects order by 1, 2, 3');
  assert.equal(before.rows, 7);
  const drifted = records('2024').map((r, i) =>
    i === 2 ? { ...r, 목표일자리수: { value: 40, unit: '명' } } : r,
  );
  rt.fakeApi!.inject({
    path: filePath(YEARLY_FILES['2024']!),
    times: 1,
    status: 200,
    body: onePage(drifted),
  });
  await publishKey(rt, '2024');
  const [run] = await rt.warehouse.query(
    "select stage, status, error_code, object from ops.pipeline_runs where source = 'senior_projects' and status = 'quarantined'",
  );
  assert.deepEqual(
    [run!.stage, run!.status, run!.error_code],
    ['transform', 'quarantined', 'SENIOR_PROJECTS.SCHEMA_DRIFT'],
  );
  const page = JSON.parse((await kept(rt, run!.object)).split('\n')[0]!) as { body: string };
  assert.match(page.body, /"목표일자리수":\{"value":40,"unit":"명"\}/, 'the page is kept as sent');
  assert.deepEqual(
    await tableHash(rt, 'select * from core.senior_job_projects order by 1, 2, 3'),
    before,
    'nothing of the drifted file was loaded',
  );
});
