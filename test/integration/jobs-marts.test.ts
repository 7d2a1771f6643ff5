/**
 * The job-postings enrichment (core.job_postings_enriched) and the weekly data-job mart
 * (mart.data_job_postings_weekly) on the local warehouse: a small hand-checked case (two ISO weeks,
 * a KST Sunday/Monday boundary, codes no meta table names), then the demo's Saramin fixture window,
 * whose weekly counts are checked against the fixture file itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DuckDbWarehouse } from '../../functions/adapters/local/duckdb.js';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { orderModels } from '../../functions/core/model.js';
import { buildModels } from '../../functions/stages/models.js';
import { readModels } from '../../functions/sqlfiles.js';
import { runWindow, tempRuntime } from '../support/runtime.js';

const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanup) await c();
});

interface Posting {
  id: string;
  title: string;
  /** posted_at, UTC */
  at: string;
  loc: string;
  industry: string | null;
  exp: number | null;
}

const POSTINGS: Posting[] = [
  // ISO week of Monday 2025-09-15 (KST dates)
  {
    id: 'a1',
    title: 'Data Engineer',
    at: '2025-09-15 01:00:00',
    loc: '101050',
    industry: '솔루션·SI·ERP·CRM',
    exp: 1,
  },
  {
    id: 'a6',
    title: '데이터 엔지니어 신입',
    at: '2025-09-17 05:00:00',
    loc: '101150',
    industry: '솔루션·SI·ERP·CRM',
    exp: 1,
  },
  // Sunday 2025-09-21 23:00 KST: still the week of the 15th
  {
    id: 'a2',
    title: '데이터 분석가 신입/경력',
    at: '2025-09-21 14:00:00',
    loc: '102000',
    industry: '웹에이전시',
    exp: 3,
  },
  // a region, an industry and an experience code no meta table names
  {
    id: 'a4',
    title: '머신러닝 엔지니어',
    at: '2025-09-16 02:00:00',
    loc: '999000',
    industry: null,
    exp: 7,
  },
  // not a data role: in the enrichment, not in the mart
  {
    id: 'a5',
    title: '백엔드 개발자',
    at: '2025-09-16 03:00:00',
    loc: '101050',
    industry: '웹에이전시',
    exp: 2,
  },
  // Monday 2025-09-22 00:30 KST (Sunday 15:30 UTC): the next week
  {
    id: 'a3',
    title: '데이터 분석가',
    at: '2025-09-21 15:30:00',
    loc: '101010',
    industry: '웹에이전시',
    exp: 2,
  },
  {
    id: 'a7',
    title: 'DataOps 담당자',
    at: '2025-09-23 01:00:00',
    loc: '101050',
    industry: '솔루션·SI·ERP·CRM',
    exp: 0,
  },
];

const q = (s: string | null) => (s === null ? 'null' : `'${s}'`);

test('hand-checked: enrichment names every code, unknown codes are 미상, weeks are ISO weeks in KST', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-marts-'));
  const wh = await DuckDbWarehouse.open(join(dir, 'warehouse.duckdb'), () => {
    throw new Error('no files');
  });
  cleanup.push(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = POSTINGS.map(
    (p) =>
      `('${p.id}', 'https://x/${p.id}', '${p.title}', timestamp '${p.at}+00', timestamp '${p.at}+00', ['${p.loc}'], ['2'], ${q(p.industry)}, ${p.exp ?? 'null'}, '8', '1', [], [], 'slot-${p.id}', date '${p.at.slice(0, 10)}')`,
  );
  await wh.query(
    `insert into raw.saramin_job_postings (posting_id, url, title, posted_at, modified_at, location_codes, job_mid_codes, industry_name, experience_code, education_code, close_type_code, job_names, keywords, _slot_id, _slot_date) values ${rows.join(', ')}`,
  );
  const runs = await buildModels(wh, orderModels(readModels()), {
    until: '2025-12-01',
    views: true,
  });
  assert.deepEqual(
    runs.flatMap((r) => r.failures),
    [],
  );

  const enriched = await wh.query(
    'select posting_id, cast(week_start as string) as week_start, region, industry, job_category, experience, experience_group, open_to_new_grad, open_to_experienced, education, close_type from core.job_postings_enriched order by posting_id',
  );
  assert.equal(enriched.length, POSTINGS.length, 'one row per posting, none dropped');
  const byId = Object.fromEntries(enriched.map((r) => [r.posting_id, r]));
  assert.deepEqual(byId.a1, {
    posting_id: 'a1',
    week_start: '2025-09-15',
    region: '서울',
    industry: '솔루션·SI·ERP·CRM',
    job_category: 'IT개발·데이터',
    experience: '신입',
    experience_group: 'new_grad',
    open_to_new_grad: true,
    open_to_experienced: false,
    education: '대졸 이상',
    close_type: '접수마감일',
  });
  assert.deepEqual(
    [byId.a4!.region, byId.a4!.industry, byId.a4!.experience, byId.a4!.experience_group],
    ['미상', '미상', '미상', 'unknown'],
  );
  assert.equal(byId.a4!.open_to_new_grad, null, 'unknown, not false');
  assert.equal(byId.a2!.week_start, '2025-09-15', 'Sunday 23:00 KST ends the week');
  assert.equal(byId.a3!.week_start, '2025-09-22', 'Monday 00:30 KST (Sunday UTC) starts the next');

  const weekly = await wh.query(
    'select cast(week_start as string) as w, role, region, industry, experience_group, postings, new_grad_postings, experienced_postings from mart.data_job_postings_weekly order by w, role, region',
  );
  assert.deepEqual(
    weekly.map((r) =>
      [
        r.w,
        r.role,
        r.region,
        r.industry,
        r.experience_group,
        r.postings,
        r.new_grad_postings,
        r.experienced_postings,
      ].join(' | '),
    ),
    [
      '2025-09-15 | data_analyst | 경기 | 웹에이전시 | new_grad_or_experienced | 1 | 1 | 1',
      '2025-09-15 | data_engineer | 서울 | 솔루션·SI·ERP·CRM | new_grad | 2 | 2 | 0',
      '2025-09-15 | data_scientist | 미상 | 미상 | unknown | 1 | 0 | 0',
      '2025-09-22 | data_analyst | 서울 | 웹에이전시 | experienced | 1 | 0 | 1',
      '2025-09-22 | data_engineer | 서울 | 솔루션·SI·ERP·CRM | any | 1 | 1 | 1',
    ],
  );
  const [types] = await wh.query(
    'select typeof(week_start) as w, typeof(role) as r, typeof(postings) as p from mart.data_job_postings_weekly limit 1',
  );
  assert.deepEqual(types, { w: 'DATE', r: 'VARCHAR', p: 'BIGINT' });
});

test('demo fixture window: the weekly mart counts what the fixture file holds', async () => {
  const rt: LocalRuntime = await tempRuntime();
  cleanup.push(() => rt.close());
  await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T18:00');
  // By hand from the fixture file: the latest copy of each id, data roles by title (the generator's
  // three non-data titles carry no data keyword in their job names or keywords either).
  const jobs = JSON.parse(
    readFileSync(new URL('../fixtures/saramin/jobs.json', import.meta.url), 'utf8'),
  ) as { id: string; position: { title: string; 'experience-level': { code: number } } }[];
  const latest = new Map(jobs.map((j) => [j.id, j]));
  const NOT_DATA = /^(백엔드 개발자|프론트엔드 개발자|DevOps 엔지니어)/;
  const data = [...latest.values()].filter((j) => !NOT_DATA.test(j.position.title));
  const exp = (codes: number[]) =>
    data.filter((j) => codes.includes(j.position['experience-level'].code)).length;
  assert.ok(data.length > 50 && data.length < latest.size, 'the fixture has both kinds');

  const weeks = await rt.warehouse.query(
    'select cast(week_start as string) as w, sum(postings) as n, sum(new_grad_postings) as g, sum(experienced_postings) as e from mart.data_job_postings_weekly group by w order by w',
  );
  assert.deepEqual(
    weeks.map((r) => [r.w, Number(r.n), Number(r.g), Number(r.e)]),
    [['2025-09-15', data.length, exp([0, 1, 3]), exp([0, 2, 3])]],
  );
  const [regions] = await rt.warehouse.query(
    "select count(*) as n from mart.data_job_postings_weekly where region = '미상' or industry = '미상' or experience_group = 'unknown'",
  );
  assert.equal(Number(regions!.n), 0, 'every fixture code is named');
});

test('mart.data_jobs_calendar lines up postings, search interest and certification figures per ISO week', async () => {
  const rt: LocalRuntime = await tempRuntime();
  cleanup.push(() => rt.close());
  await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T18:00');
  await runWindow(rt, 'trends', '2025-09-14', '2025-09-16');
  await runWindow(rt, 'certs', '2024-01-01', '2024-01-02');
  const weeks = await rt.warehouse.query(
    'select cast(week_start as string) as w, iso_year, iso_week, data_job_postings, data_engineer_postings + data_analyst_postings + data_scientist_postings as by_role, data_engineer_interest, cert_year, info_processing_written_registered as reg from mart.data_jobs_calendar order by week_start',
  );
  assert.ok(weeks.length >= 12, `a row per week of the trends window (${weeks.length})`);
  const dates = weeks.map((r) => String(r.w));
  for (let i = 1; i < dates.length; i++)
    assert.equal(
      (Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)) / 86_400_000,
      7,
      'consecutive weeks, none missing',
    );
  assert.equal(new Date(`${dates[0]}T00:00:00Z`).getUTCDay(), 1, 'weeks start on Monday');
  const last = weeks.at(-1)!;
  assert.equal(last.w, '2025-09-15');
  assert.equal(last.iso_week, '2025-W38');
  assert.equal(Number(last.iso_year), 2025);
  const [postings] = await rt.warehouse.query(
    "select sum(postings) as n from mart.data_job_postings_weekly where week_start = date '2025-09-15'",
  );
  assert.equal(Number(last.data_job_postings), Number(postings!.n));
  assert.equal(Number(last.by_role), Number(last.data_job_postings), 'the roles add up');
  assert.ok(
    weeks.slice(0, -1).every((r) => Number(r.data_job_postings) === 0),
    'weeks without postings say 0',
  );
  const [interest] = await rt.warehouse.query(
    "select avg_value from mart.search_interest_weekly where keyword = '데이터 엔지니어' and week_start = date '2025-09-08'",
  );
  const prev = weeks.find((r) => r.w === '2025-09-08')!;
  assert.equal(prev.data_engineer_interest, interest!.avg_value);
  // Certification figures: the latest year known at the week (Q-Net publishes a year later).
  const [cert] = await rt.warehouse.query(
    "select max(year) as y from mart.cert_exam_yearly where jm_cd = '1320' and year <= 2025",
  );
  assert.equal(Number(last.cert_year), Number(cert!.y));
  const [reg] = await rt.warehouse.query(
    `select registered from mart.cert_exam_yearly where jm_cd = '1320' and stage = 'written' and year = ${Number(cert!.y)}`,
  );
  assert.equal(Number(last.reg), Number(reg!.registered));
});
