/**
 * 100세누리 (senuri) end to end on the embedded runtime against the fake SenuriService (XML with
 * its quirks), pages of 4 so paging, the stop rule and a duplicate across pages are exercised:
 * a clean day -> list, details and the marts; NODATA detail -> a row with empty detail columns; the
 * next day asks again only for what changed; a spent time budget -> partial, continued by the extract
 * stage itself until the unit is complete (bounded; duplicate deliveries converge); a refused key -> configuration error, answer quarantined, nothing loaded.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { runWindow, tableHash, tempRuntime } from '../support/runtime.js';

const runtimes: LocalRuntime[] = [];
after(async () => {
  for (const rt of runtimes) await rt.close();
});

const LIST = '/B552474/SenuriService/getJobList';
const DETAIL = '/B552474/SenuriService/getJobInfo';
const DAY1 = '2026-11-23T00:00+09:00/P1D';
const FAULTS = new URL('../fixtures/senuri/faults/', import.meta.url);

async function fresh(
  env: Record<string, string> = {},
  o: { chaos?: boolean; latencyMs?: number } = {},
) {
  const rt = await tempRuntime({
    chaos: o.chaos ?? false,
    ...(o.latencyMs ? { fakeLatencyMs: o.latencyMs } : {}),
    env: {
      SARAMIN_ACCESS_KEY: '',
      DATA_GO_KR_SERVICE_KEY: '',
      SEOUL_OPEN_API_KEY: '',
      SLACK_WEBHOOK_URL: '',
      SENURI_PAGE_SIZE: '4',
      ...env,
    },
  });
  runtimes.push(rt);
  return rt;
}

const detailCalls = (rt: LocalRuntime) =>
  rt.fakeApi!.requests.filter((r) => r.path === DETAIL).map((r) => r.params.id);

async function stageStatus(rt: LocalRuntime, slot: string) {
  const rows = await rt.warehouse.query(
    `select stage, status, error_code from ops.pipeline_runs where source = 'senuri' and slot_id = '${slot}' and status not in ('skipped', 'retrying') order by finished_at`,
  );
  return rows.map((r) => `${r.stage}:${r.status}${r.error_code ? `:${r.error_code}` : ''}`);
}

test('a clean day: pages until the day is covered, duplicates collapse, NODATA keeps the posting, the marts answer', async () => {
  const rt = await fresh();
  await runWindow(rt, 'senuri', '2026-11-23', '2026-11-24');
  assert.deepEqual(await stageStatus(rt, DAY1), [
    'extract:succeeded',
    'transform:succeeded',
    'load:succeeded',
  ]);
  const pages = rt.fakeApi!.requests.filter((r) => r.path === LIST).map((r) => r.params.pageNo);
  // Page 2 ends with a posting of the 23rd, page 3's last one opened on the 20th: stop there.
  assert.deepEqual(pages, ['1', '2', '3']);
  const calls = detailCalls(rt);
  assert.equal(calls.length, 7, 'one detail call per distinct posting on or after the day');
  assert.equal(new Set(calls).size, 7, 'the duplicate across pages is asked once');

  const postings = await rt.warehouse.query(
    'select job_id, title, organization_name, sido, employment_code, apply_from, detail_status, headcount, min_age, body, created_at from core.senior_job_postings order by job_id',
  );
  assert.deepEqual(
    postings.map((p) => `${p.job_id}:${p.sido}:${p.detail_status}`),
    [
      'K172112611230015:세종:ok',
      'K172112611240071:경기:ok',
      'RECR_000000000031296:대구:ok',
      'RECR_000000000031297:경기:ok',
      'RECR_000000000031298:부산:nodata',
      'RECR_000000000031300:서울:ok',
      'RECR_000000000031301:서울:ok',
    ],
  );
  const byId = new Map(postings.map((p) => [p.job_id, p]));
  const withdrawn = byId.get('RECR_000000000031298')!;
  assert.equal(withdrawn.title, '행사 안내 보조', 'the list columns stay');
  assert.equal(withdrawn.headcount, null);
  assert.equal(withdrawn.body, null, 'the detail columns are empty, not invented');
  const quirky = byId.get('RECR_000000000031300')!;
  assert.equal(quirky.title, '아파트 미화원 &lt;주 5일&gt; 모집', 'decoded exactly once');
  assert.equal(quirky.organization_name, '(주)클린&케어 <본사>', 'CDATA verbatim');
  assert.equal(quirky.employment_code, 'CM0103');
  assert.equal(Number(quirky.headcount), 3);
  assert.equal(Number(quirky.min_age), 60);
  assert.match(String(quirky.body), /^단지 내 <공용부> 청소 & 분리수거\n주 5일/);
  const [naive] = await rt.warehouse.query(
    "select cast(create_dy as string) as t from core.senuri_job_details where job_id = 'K172112611240071'",
  );
  assert.match(String(naive!.t), /^2026-11-23 16:00:02/, 'no offset = KST');

  const daily = await rt.warehouse.query(
    'select sido, sum(postings) as n from mart.senior_postings_daily group by sido order by sido',
  );
  assert.deepEqual(
    daily.map((r) => `${r.sido}:${r.n}`),
    ['경기:2', '대구:1', '부산:1', '서울:2', '세종:1'],
  );
  const weekly = await rt.warehouse.query(
    'select cast(week_start as string) as w, sum(postings) as n from mart.senior_postings_by_organization_weekly group by w',
  );
  assert.deepEqual(
    weekly.map((r) => `${r.w}:${r.n}`),
    ['2026-11-23:7'],
  );
  assert.ok(!rt.alerts.history.some((a) => a.severity === 'error' || a.severity === 'warning'));
});

test('the next day asks again only for postings whose list item changed', async () => {
  const rt = await fresh();
  await runWindow(rt, 'senuri', '2026-11-23', '2026-11-24');
  const first = detailCalls(rt).length;
  // The day after, RECR_000000000031301's list item changes (its deadline): only it is asked again.
  const list = readFileSync(new URL('../fixtures/senuri/getJobList.xml', import.meta.url), 'utf8');
  const items = list.match(/<item>[\s\S]*?<\/item>/g)!;
  const changed = items[0]!.replace('<deadline>접수중</deadline>', '<deadline>마감</deadline>');
  rt.fakeApi!.inject({
    path: LIST,
    times: 1,
    status: 200,
    contentType: 'application/xml',
    body: `<response><header><resultCode>00</resultCode><resultMsg>NORMAL SERVICE.</resultMsg></header><body><items>${[changed, ...items.slice(1, 4)].join('')}</items><numOfRows>4</numOfRows><pageNo>1</pageNo><totalCount>${items.length}</totalCount></body></response>`,
  });
  await runWindow(rt, 'senuri', '2026-11-24', '2026-11-25');
  assert.deepEqual(await stageStatus(rt, '2026-11-24T00:00+09:00/P1D'), [
    'extract:succeeded',
    'transform:succeeded',
    'load:succeeded',
  ]);
  assert.deepEqual(detailCalls(rt).slice(first), ['RECR_000000000031301']);
  const [row] = await rt.warehouse.query(
    "select status_text, listed_date, detail_status from core.senior_job_postings where job_id = 'RECR_000000000031301'",
  );
  assert.equal(row!.status_text, '마감', 'the later unit wins');
  const [count] = await rt.warehouse.query(
    'select count(*) as n, count(distinct job_id) as d from core.senior_job_postings',
  );
  assert.equal(Number(count!.n), 7);
  assert.equal(Number(count!.d), 7, 'one row per posting');
  // A forced re-run of the first day asks for its own postings again (the same raw object).
  const before = detailCalls(rt).length;
  await runWindow(rt, 'senuri', '2026-11-23', '2026-11-24');
  // Its six own postings, and RECR_000000000031301 whose list item is back to what day 1 saw (not
  // what day 2 fetched for).
  assert.equal(detailCalls(rt).length - before, 7);
});

const SLOW_NODATA = {
  path: DETAIL,
  status: 200,
  contentType: 'application/xml',
  body: '<response><header><resultCode>03</resultCode><resultMsg>NODATA_ERROR</resultMsg></header><body><items/></body></response>',
  delayMs: 600,
};
// Every call budgeted at 1 s (timeout x retries): a 2 s budget asks two slow details per invocation.
const TINY_BUDGET = {
  SENURI_OPTIONS: 'budgetSeconds=2',
  SENURI_TIMEOUT_MS: '1000',
  SENURI_RETRIES: '1',
  SENURI_CONCURRENCY: '1',
};
// Every answer real but 600 ms late (the service takes 9-30 s): with a 4 s budget the head reads the
// three list pages and asks three details, a continuation up to six.
const SLOW = { latencyMs: 600 };
const SLOW_BUDGET = { ...TINY_BUDGET, SENURI_OPTIONS: 'budgetSeconds=4' };
const POSTINGS =
  'select job_id, title, sido, detail_status, headcount, min_age, body from core.senior_job_postings';

async function extractRuns(rt: LocalRuntime) {
  return rt.warehouse.query(
    `select status, error_code, error_message from ops.pipeline_runs where source = 'senuri' and stage = 'extract' and slot_id = '${DAY1}' order by finished_at`,
  );
}

async function detailsDone(rt: LocalRuntime) {
  const [r] = await rt.warehouse.query(
    "select countif(detail_status = 'pending') as pending, count(*) as n, count(distinct job_id) as d from core.senior_job_postings",
  );
  return { pending: Number(r!.pending), n: Number(r!.n), d: Number(r!.d) };
}

test('a spent time budget continues by itself: the unit ends succeeded with every detail, no message sent by hand', async () => {
  const rt = await fresh(SLOW_BUDGET, SLOW);
  await runWindow(rt, 'senuri', '2026-11-23', '2026-11-24');
  const runs = await extractRuns(rt);
  assert.equal(runs[0]!.status, 'partial', 'the first invocation ran out of budget');
  const missing = String(runs[0]!.error_message)
    .split('; ')
    .map((s) => s.split(' '));
  assert.ok(
    missing.length > 0 && missing.every(([, code]) => code === 'SENURI.TIME_BUDGET'),
    'the unasked keys are the budget’s',
  );
  assert.equal(runs.at(-1)!.status, 'succeeded', 'the continuation finished the unit');
  assert.deepEqual(await rt.warehouse.slotStatus('senuri', 'job_postings', DAY1), {
    extract: 'succeeded',
    transform: 'succeeded',
    load: 'succeeded',
  });
  const calls = detailCalls(rt);
  assert.equal(calls.length, 7, 'every posting asked exactly once across the chain');
  assert.equal(new Set(calls).size, 7);
  assert.deepEqual(await detailsDone(rt), { pending: 0, n: 7, d: 7 });
  const status = await rt.warehouse.query(
    'select job_id, detail_status from core.senior_job_postings order by job_id',
  );
  assert.deepEqual(
    status.filter((r) => r.detail_status !== 'ok').map((r) => r.job_id),
    ['RECR_000000000031298'],
    'every detail is in (the one NODATA posting of the fixtures aside)',
  );
  assert.ok(
    !rt.alerts.history.some((a) => a.title.startsWith('Partial')),
    'nothing for a human to do',
  );
  const published = await rt.store.list(rt.config.buckets.quarantine, '_continuations/senuri/');
  assert.equal(published.length, runs.length - 1, 'one claimed link per continuation');
});

test('continuations are bounded: after MAX_CONTINUATIONS links the alert names the keys; the keys retry completes the unit', async () => {
  const rt = await fresh({ ...TINY_BUDGET, MAX_CONTINUATIONS: '2' });
  rt.fakeApi!.inject({ ...SLOW_NODATA, times: 100 });
  await runWindow(rt, 'senuri', '2026-11-23', '2026-11-24');
  const runs = await extractRuns(rt);
  assert.deepEqual(
    runs.map((r) => r.status),
    ['partial', 'partial', 'partial'],
    'the head and two links, then it stops',
  );
  const links = await rt.store.list(rt.config.buckets.quarantine, '_continuations/senuri/');
  assert.deepEqual(
    links.map((l) => l.name.split('/').at(-1)!.split('~')[0]),
    ['1', '2'],
    'links 1 and 2 were published, no third',
  );
  // At most two slow details fit one invocation (fewer when the machine is busy): keys are left.
  const calls = detailCalls(rt);
  assert.ok(calls.length <= 6 && new Set(calls).size === calls.length, `asked once each: ${calls}`);
  const keys = String(runs[2]!.error_message)
    .split('; ')
    .map((s) => s.split(' ')[0]!);
  assert.equal(keys.length, 7 - calls.length, 'the last link names every key not asked');
  assert.ok(
    keys.every((k) => !calls.includes(k)),
    'none of them was asked',
  );
  const partials = rt.alerts.history.filter((a) => a.title.startsWith('Partial'));
  assert.equal(partials.length, 1, 'one alert, from the last link only');
  assert.match(partials[0]!.text, /ran out 3 time\(s\) in a row/);
  assert.ok(partials[0]!.text.includes(JSON.stringify({ slot: DAY1, keys })), 'the retry message');
  assert.deepEqual(await detailsDone(rt), { pending: keys.length, n: 7, d: 7 });

  const asked = detailCalls(rt).length;
  rt.fakeApi!.clearFaults();
  await rt.bus.publish('extract-senuri', { slot: DAY1, keys }, { source: 'senuri' });
  await rt.bus.drain();
  assert.deepEqual(detailCalls(rt).slice(asked).sort(), [...keys].sort(), 'only the missing ones');
  assert.deepEqual(await detailsDone(rt), { pending: 0, n: 7, d: 7 });
});

test('the same extract event twice, and chaos delivery of every event: one warehouse state, chains die out', async () => {
  const rt = await fresh(SLOW_BUDGET, SLOW);
  // One scheduled message, delivered twice with the same event id (at-least-once), one after the other.
  const events: Parameters<typeof rt.bus.emit>[1][] = [];
  const topic = 'topic:extract-senuri';
  const spy = rt.bus as unknown as { emit: typeof rt.bus.emit };
  const emit = spy.emit.bind(rt.bus);
  spy.emit = (key, event) => {
    if (key === topic && events.length === 0) events.push(event);
    emit(key, event);
  };
  await rt.bus.publish('extract-senuri', { slot: DAY1 }, { source: 'senuri' });
  await rt.bus.drain();
  assert.equal(detailCalls(rt).length, 7);
  // A link delivered again after the unit completed: every key is held, nothing is asked.
  const [marker] = await rt.store.list(rt.config.buckets.quarantine, '_continuations/senuri/');
  assert.ok(marker, 'the head continued');
  const link = JSON.parse((await rt.store.read(marker)).toString()) as Record<string, unknown>;
  assert.equal(link.continuation, 1);
  await rt.bus.publish('extract-senuri', link, { source: 'senuri', origin: 'continuation' });
  await rt.bus.drain();
  assert.equal(detailCalls(rt).length, 7, 'the duplicate link asked nothing');
  const [skipped] = await rt.warehouse.query(
    `select count(*) as n from ops.pipeline_runs where source = 'senuri' and stage = 'extract' and status = 'skipped'`,
  );
  assert.equal(Number(skipped!.n), 1);
  const once = detailCalls(rt).length;
  emit(topic, events[0]!);
  await rt.bus.drain();
  spy.emit = emit;
  assert.equal(
    detailCalls(rt).length - once,
    7,
    'the redelivered head asks its own postings again, and no chain asks one twice',
  );
  assert.deepEqual(await detailsDone(rt), { pending: 0, n: 7, d: 7 });
  assert.deepEqual(await rt.warehouse.slotStatus('senuri', 'job_postings', DAY1), {
    extract: 'succeeded',
    transform: 'succeeded',
    load: 'succeeded',
  });
  const clean = await tableHash(rt, POSTINGS);

  // Chaos: every event (the head, each link, each object event) delivered twice, in shuffled order.
  const chaos = await fresh(SLOW_BUDGET, { ...SLOW, chaos: true });
  await runWindow(chaos, 'senuri', '2026-11-23', '2026-11-24');
  assert.deepEqual(await detailsDone(chaos), { pending: 0, n: 7, d: 7 });
  assert.deepEqual(await tableHash(chaos, POSTINGS), clean);
  const links = await chaos.store.list(chaos.config.buckets.quarantine, '_continuations/senuri/');
  assert.ok(links.length <= 2 * 8, `bounded: ${links.length} links`);
  assert.ok(
    !chaos.alerts.history.some((a) => a.title.startsWith('Partial')),
    'no alert: the chains finished the unit',
  );
});

test('a refused key (gateway XML, HTTP 200) is a configuration error: quarantined, nothing loaded', async () => {
  const rt = await fresh();
  rt.fakeApi!.inject({
    path: LIST,
    times: 1,
    status: 200,
    contentType: 'text/xml;charset=UTF-8',
    body: '<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg><returnReasonCode>30</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>',
  });
  await runWindow(rt, 'senuri', '2026-11-23', '2026-11-24');
  assert.deepEqual(await stageStatus(rt, DAY1), [
    'extract:quarantined:SENURI.SERVICE_KEY_IS_NOT_REGISTERED_ERROR',
  ]);
  assert.equal(detailCalls(rt).length, 0, 'no detail is asked with a refused key');
  const [n] = await rt.warehouse.query('select count(*) as n from core.senior_job_postings');
  assert.equal(Number(n!.n), 0);
  const [row] = await rt.warehouse.query(
    "select object from ops.pipeline_runs where source = 'senuri' and status = 'quarantined'",
  );
  const name = String(row!.object).replace(`gs://${rt.config.buckets.quarantine}/`, '');
  const body = await rt.store.read({ bucket: rt.config.buckets.quarantine, name });
  assert.match(body.toString(), /SERVICE_KEY_IS_NOT_REGISTERED_ERROR/);
  assert.doesNotMatch(body.toString(), /local-fixture-key/, 'the key is redacted');
});

test('detail faults: an HTML page and a cut-off body fail their postings only; the quota (22) stops asking', async () => {
  const rt = await fresh({ SENURI_CONCURRENCY: '1' });
  const fault = (name: string, type: string) => ({
    path: DETAIL,
    times: 1,
    status: 200,
    contentType: type,
    body: readFileSync(new URL(name, FAULTS), 'utf8'),
  });
  rt.fakeApi!.inject(fault('html-error.html', 'text/html'));
  rt.fakeApi!.inject(fault('truncated.xml', 'application/xml'));
  rt.fakeApi!.inject(fault('quota.xml', 'text/xml'));
  await runWindow(rt, 'senuri', '2026-11-23', '2026-11-24');
  const [extract] = await rt.warehouse.query(
    `select status, error_message from ops.pipeline_runs where source = 'senuri' and stage = 'extract' and slot_id = '${DAY1}'`,
  );
  assert.equal(extract!.status, 'partial');
  const codes = String(extract!.error_message)
    .split('; ')
    .map((s) => s.split(' ')[1]);
  assert.deepEqual(codes.slice(0, 3), ['SENURI.HTML', 'SENURI.BAD_XML', 'SENURI.QUOTA']);
  assert.equal(codes.length, 7, 'after 22 the rest are not asked: retry keys');
  assert.ok(codes.slice(3).every((c) => c === 'SENURI.QUOTA'));
  assert.equal(detailCalls(rt).length, 3);
});
