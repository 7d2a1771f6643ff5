/**
 * Google Trends end to end on the embedded runtime: two daily units through the keyless flow against
 * the fake (explore -> token -> multiline) into core.search_interest and mart.search_interest_weekly;
 * a throttled group and a consent page named in one alert while the other groups load, then a retry
 * of just those groups; schema drift quarantined; the official API when a key is configured.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { CONSENT_PAGE, RATE_LIMITED } from '../../functions/sources/trends/fake.js';
import { configuredGroups } from '../../functions/sources/trends/keywords.js';
import { runtimeFactory, runWindow } from '../support/runtime.js';

const fresh = runtimeFactory();

const NO_KEYS = {
  SARAMIN_ACCESS_KEY: '',
  DATA_GO_KR_SERVICE_KEY: '',
  SEOUL_OPEN_API_KEY: '',
  SLACK_WEBHOOK_URL: '',
};
const KEYWORDS = configuredGroups({}).reduce((n, g) => n + g.keywords.length, 0);
const SLOT = '2025-09-15T00:00+09:00/P1D';
const count = async (rt: LocalRuntime, where = 'true') =>
  Number(
    (await rt.warehouse.query(`select count(*) as n from core.search_interest where ${where}`))[0]!
      .n,
  );

test('two days load every keyword per comparison window, and the weekly mart reads the latest window', async () => {
  const rt = await fresh();
  await runWindow(rt, 'trends', '2025-09-14', '2025-09-16');
  const runs = await rt.warehouse.query(
    "select stage, status, count(*) as n from ops.pipeline_runs where source = 'trends' and status != 'skipped' group by stage, status order by stage",
  );
  assert.deepEqual(
    runs.map((r) => `${r.stage}:${r.status}:${r.n}`),
    ['extract:succeeded:2', 'load:succeeded:2', 'transform:succeeded:2'],
  );
  assert.equal(await count(rt), 2 * 90 * KEYWORDS, 'two windows of 90 days, every keyword');
  const windows = await rt.warehouse.query(
    'select distinct cast(window_start as varchar) as s, cast(window_end as varchar) as e from core.search_interest order by e',
  );
  assert.deepEqual(
    windows.map((w) => `${w.s}..${w.e}`),
    ['2025-06-17..2025-09-14', '2025-06-18..2025-09-15'],
  );
  assert.ok((await count(rt, 'not has_data')) > 0, 'sparse points are kept with has_data false');

  const weeks = await rt.warehouse.query(
    'select keyword, cast(week_start as varchar) as week_start, avg_value, points, has_data_points from mart.search_interest_weekly order by keyword, week_start',
  );
  assert.ok(weeks.length > 0);
  for (const w of weeks) {
    assert.equal(
      new Date(`${w.week_start}T00:00:00Z`).getUTCDay(),
      1,
      `${w.week_start} is a Monday`,
    );
    assert.ok(Number(w.points) <= 7 && Number(w.has_data_points) <= Number(w.points));
  }
  const keys = new Set(weeks.map((w) => `${w.keyword}|${w.week_start}`));
  assert.equal(keys.size, weeks.length, 'one row per keyword and week');
  // The week of Mon 2025-09-15 is only in the later window (one day); the week before comes from it
  // too (both windows hold it; the later one wins), averaging its 7 points with data.
  const sql = await rt.warehouse.query(
    "select keyword, cast(week_start as varchar) as w, avg_value, points from mart.search_interest_weekly where keyword = 'SQL' and week_start >= date '2025-09-08' order by week_start",
  );
  assert.deepEqual(
    sql.map((r) => `${r.w}:${r.points}`),
    ['2025-09-08:7', '2025-09-15:1'],
  );
  const [expected] = await rt.warehouse.query(
    "select avg(value) as v from core.search_interest where keyword = 'SQL' and window_end = date '2025-09-15' and point_date between date '2025-09-08' and date '2025-09-14' and has_data",
  );
  assert.equal(Number(sql[0]!.avg_value), Number(expected!.v));
  // The first week: the earlier window holds 6 of its days, the later one 5; only the later counts.
  const first = await rt.warehouse.query(
    "select points from mart.search_interest_weekly where keyword = 'SQL' and week_start = date '2025-06-16'",
  );
  assert.deepEqual(
    first.map((r) => Number(r.points)),
    [5],
  );
  const rare = await rt.warehouse.query(
    "select sum(points) as p, sum(has_data_points) as d from mart.search_interest_weekly where keyword = '데이터 부트캠프'",
  );
  assert.ok(
    Number(rare[0]!.d) < Number(rare[0]!.p),
    'the rare keyword has weeks with missing days',
  );
  assert.ok(!rt.alerts.history.some((a) => a.severity === 'error' || a.severity === 'warning'));
});

test('a throttled group and a consent page are named in one alert, the others load, a keys retry completes', async () => {
  const rt = await fresh({ env: { ...NO_KEYS, TRENDS_RETRIES: '2' } });
  // certs: 429 with Retry-After on both attempts; skills: the consent page instead of explore.
  rt.fakeApi!.inject({
    ...RATE_LIMITED,
    path: '/trends/api/explore',
    query: '정보처리기사',
    times: 2,
  });
  rt.fakeApi!.inject({
    path: '/trends/api/explore',
    query: '"keyword":"SQL"',
    times: 1,
    status: 200,
    contentType: 'text/html; charset=UTF-8',
    body: CONSENT_PAGE,
  });
  await runWindow(rt, 'trends', '2025-09-15', '2025-09-16');
  const [extract] = await rt.warehouse.query(
    "select status, error_code, error_message from ops.pipeline_runs where stage = 'extract'",
  );
  assert.equal(extract!.status, 'partial');
  assert.equal(extract!.error_code, 'TRENDS.PARTIAL');
  assert.equal(extract!.error_message, 'skills TRENDS.HTML; certs TRENDS.HTTP_429');
  const partial = rt.alerts.history.filter((a) => a.title.startsWith('Partial'));
  assert.equal(partial.length, 1, 'one alert for the unit');
  assert.match(partial[0]!.text, /skills: TRENDS\.HTML.*\n.*certs: TRENDS\.HTTP_429/s);
  assert.match(partial[0]!.text, /"keys":\["skills","certs"\]/);
  const groups = async () =>
    (
      await rt.warehouse.query(
        'select distinct keyword_group as g from core.search_interest order by g',
      )
    ).map((r) => r.g);
  assert.deepEqual(await groups(), ['bootcamp', 'roles'], 'the groups that answered were loaded');

  await rt.bus.publish(
    'extract-trends',
    { slot: SLOT, keys: ['certs', 'skills'] },
    { source: 'trends' },
  );
  await rt.bus.drain();
  assert.deepEqual(await groups(), ['bootcamp', 'certs', 'roles', 'skills']);
  assert.equal(await count(rt), 90 * KEYWORDS);
  const raw = (await rt.store.list(rt.config.buckets.raw, 'trends/'))[0]!;
  const lines = readFileSync(rt.store.uri(raw.bucket, raw.name), 'utf8').trim().split('\n');
  assert.equal(
    lines.length,
    2 * configuredGroups({}).length,
    'explore + multiline per group, the retried ones replaced',
  );
  assert.ok(!lines.some((l) => l.includes('consent.google.com')), 'the consent page was replaced');
});

test('schema drift in one group quarantines the unit with its body and loads nothing', async () => {
  const rt = await fresh();
  const drifted =
    ")]}',\n" +
    JSON.stringify({
      default: {
        timelineData: [{ time: '1757862000', value: [{ v: 3 }], hasData: [true] }],
        averages: [],
      },
    });
  rt.fakeApi!.inject({
    path: '/trends/api/widgetdata/multiline',
    query: '부트캠프',
    times: 1,
    status: 200,
    body: drifted,
  });
  await runWindow(rt, 'trends', '2025-09-15', '2025-09-16');
  const [t] = await rt.warehouse.query(
    "select status, error_code, error_message from ops.pipeline_runs where stage = 'transform'",
  );
  assert.equal(t!.status, 'quarantined');
  assert.equal(t!.error_code, 'TRENDS.SCHEMA_DRIFT');
  assert.match(String(t!.error_message), /group bootcamp/);
  const kept = await rt.store.list(rt.config.buckets.quarantine, 'transform/');
  assert.equal(kept.length, 1);
  assert.ok(
    readFileSync(rt.store.uri(kept[0]!.bucket, kept[0]!.name), 'utf8').includes('{\\"v\\":3}'),
  );
  assert.equal(await count(rt), 0, 'nothing loaded');
});

test('with a key the official API is used end to end (bearer key, operations polled)', async () => {
  const api = await fresh();
  const rt = await fresh({
    env: {
      ...NO_KEYS,
      // The fake's only key; pointed at another runtime's fake API.
      TRENDS_API_KEY: 'local-fixture-key',
      TRENDS_OPTIONS: `groups=roles&official_base_url=${api.fakeApi!.url}`,
      TRENDS_RATE_PER_SECOND: '0',
    },
  });
  await runWindow(rt, 'trends', '2025-09-15', '2025-09-16');
  const rows = await rt.warehouse.query(
    'select api, count(*) as n, countif(official_interest is not null) as si from core.search_interest group by api',
  );
  assert.deepEqual(
    rows.map((r) => `${r.api}:${r.n}`),
    ['official:450'],
  );
  assert.ok(Number(rows[0]!.si) > 0);
  const paths = api.fakeApi!.requests.map((r) => r.path);
  assert.equal(paths.filter((p) => p === '/v1alpha:fetchTimeSeries').length, 5);
  assert.equal(paths.filter((p) => p.startsWith('/v1alpha/operations/')).length, 5);
});

test('a refused official key quarantines the unit, and the key (a header) appears nowhere in the run directory', async () => {
  const canary = 'canary-TRENDS-9d1e4b7a33';
  const api = await fresh();
  const rt = await fresh({
    env: {
      ...NO_KEYS,
      TRENDS_API_KEY: canary,
      TRENDS_OPTIONS: `groups=certs&official_base_url=${api.fakeApi!.url}`,
    },
  });
  await runWindow(rt, 'trends', '2025-09-15', '2025-09-16');
  const [row] = await rt.warehouse.query(
    "select status, error_code from ops.pipeline_runs where stage = 'extract'",
  );
  assert.equal(row!.status, 'quarantined');
  assert.equal(row!.error_code, 'TRENDS.AUTH');
  const root = rt.store.uri(rt.config.buckets.raw, 'x').split('/buckets/')[0]!;
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  assert.ok(
    files.some((f) => f.includes('quarantine')),
    `the refusal is kept: ${files.join(', ')}`,
  );
  for (const f of files) assert.ok(!readFileSync(f).includes(canary), `${f} holds the key`);
  for (const line of [...rt.printed, ...rt.alerts.history.map((a) => JSON.stringify(a))])
    assert.ok(!line.includes(canary), line);
});
