import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconciliationSql } from '../../functions/stages/reconcile.js';
import { getSource } from '../../functions/sources/registry.js';
import { LEDGER_STATE_SQL, runtimeFactory, runWindow, tableHash } from '../support/runtime.js';

const FROM = '2025-09-15T09:00';
const TO = '2025-09-15T18:00';
const fresh = runtimeFactory();

test('a clean run loads every posting of the fixture window with matching counts', async () => {
  const rt = await fresh();
  await runWindow(rt, 'saramin', FROM, TO);
  const [{ n }] = (await rt.warehouse.query('select count(*) as n from core.job_postings')) as [
    { n: number },
  ];
  // 216 fixture records = 215 postings + one posting the API returned twice (the later modification wins).
  assert.equal(n, 215);
  const twin = await rt.warehouse.query(
    "select title from core.job_postings where title like '%(마감임박)'",
  );
  assert.equal(twin.length, 1);
  const loads = await rt.warehouse.query(
    "select count(*) as n from ops.pipeline_runs where stage = 'load' and status = 'succeeded'",
  );
  assert.equal(loads[0]!.n, 8, 'eight hours with postings');
  const empty = await rt.warehouse.query(
    "select slot_id from ops.pipeline_runs where stage = 'extract' and status = 'empty'",
  );
  assert.deepEqual(
    empty.map((r) => r.slot_id),
    ['2025-09-15T13:00+09:00/PT1H'],
  );
  assert.ok(
    rt.alerts.history.some((a) => a.severity === 'info' && a.text.includes('13:00')),
    'empty hour sends a notice',
  );
  assert.ok(!rt.alerts.history.some((a) => a.severity === 'error'), 'no error alerts');
  const raw = await rt.store.list(rt.config.buckets.raw, 'saramin/');
  assert.equal(raw.length, 8, 'no raw object for the empty hour');
  // Location entities decoded, multi-valued codes split, open-ended postings have no expiry.
  const [row] = await rt.warehouse.query(
    'select location_names from core.job_postings where array_length(location_names) = 2 limit 1',
  );
  assert.deepEqual(row!.location_names, ['서울 > 강남구', '서울 > 서초구']);
  const openEnded = await rt.warehouse.query(
    "select count(*) as n from core.job_postings where close_type_code = '3' and expires_at is not null",
  );
  assert.equal(openEnded[0]!.n, 0);
});

test('the generated reconciliation holds after a clean run and names a unit whose warehouse rows went missing', async () => {
  const rt = await fresh();
  await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T10:00');
  const def = getSource('saramin');
  const params = {
    source: 'saramin',
    dataset: def.dataset,
    slot_id: '2025-09-15T09:00+09:00/PT1H',
    slot_date: '2025-09-15',
  };
  const sql = reconciliationSql(def);
  assert.deepEqual(await rt.warehouse.query(sql, params), [], 'api = raw = curated = loaded');
  await rt.warehouse.query(
    `delete from raw.saramin_job_postings where _slot_id = @slot_id and posting_id in (select posting_id from raw.saramin_job_postings where _slot_id = @slot_id limit 1)`,
    params,
  );
  const [row] = await rt.warehouse.query(sql, params);
  assert.ok(row, 'a missing row is a reconciliation failure');
  assert.equal(Number(row.loaded_rows), Number(row.curated_rows) - 1);
});

test('every event delivered twice and out of order, then the window re-run: same warehouse and ledger state', async () => {
  const clean = await fresh();
  await runWindow(clean, 'saramin', FROM, TO);
  const chaos = await fresh({ chaos: true });
  await runWindow(chaos, 'saramin', FROM, TO);
  await runWindow(chaos, 'saramin', FROM, TO);

  for (const sql of [
    'select * from core.job_postings',
    'select * exclude (_raw_generation) from raw.saramin_job_postings',
    'select * from mart.hiring_trend_daily',
    LEDGER_STATE_SQL,
  ]) {
    const a = await tableHash(clean, sql);
    const b = await tableHash(chaos, sql);
    assert.ok(a.rows > 0, `${sql} has rows`);
    assert.deepEqual(b, a, `identical after duplicate, out-of-order delivery and a re-run: ${sql}`);
  }
  // Duplicates really happened and were recognised as such.
  const skipped = await chaos.warehouse.query(
    "select count(*) as n from ops.pipeline_runs where status = 'skipped'",
  );
  assert.ok(Number(skipped[0]!.n) > 0, 'duplicate deliveries were recorded as skipped');
  const errors = chaos.alerts.history.filter((a) => a.severity === 'error');
  assert.deepEqual(errors, []);
});

test('a quota envelope (HTTP 200) is retried; an auth envelope alerts once and writes nothing', async () => {
  const rt = await fresh();
  rt.fakeApi!.inject({
    path: '/job-search',
    times: 1,
    status: 200,
    body: '{"code":4,"message":"daily request limit exceeded"}',
  });
  await runWindow(rt, 'saramin', '2025-09-15T11:00', '2025-09-15T12:00');
  const state = await rt.warehouse.slotStatus(
    'saramin',
    'job_postings',
    '2025-09-15T11:00+09:00/PT1H',
  );
  assert.equal(state.load, 'succeeded', 'the retry after the quota error went through');
  const retry = await rt.warehouse.query(
    "select error_code from ops.pipeline_runs where status = 'retrying'",
  );
  assert.deepEqual(
    retry.map((r) => r.error_code),
    ['SARAMIN.QUOTA'],
  );

  rt.fakeApi!.inject({
    path: '/job-search',
    times: 1,
    status: 200,
    body: '{"code":2,"message":"Invalid access-key"}',
  });
  await runWindow(rt, 'saramin', '2025-09-15T12:00', '2025-09-15T13:00');
  const failed = await rt.warehouse.query(
    "select stage, status, error_code, object from ops.pipeline_runs where slot_id = '2025-09-15T12:00+09:00/PT1H'",
  );
  // 12.3: the refused key's answer is kept, and the ledger names it.
  assert.equal(failed.length, 1);
  assert.deepEqual(
    { ...failed[0], object: undefined },
    { stage: 'extract', status: 'quarantined', error_code: 'SARAMIN.AUTH', object: undefined },
  );
  const kept = String(failed[0]!.object).replace(`gs://${rt.config.buckets.quarantine}/`, '');
  const body = (
    await rt.store.read({ bucket: rt.config.buckets.quarantine, name: kept })
  ).toString();
  assert.match(body, /Invalid access-key/);
  assert.ok(!body.includes('local-fixture-key'), 'the kept answer is redacted');
  const errors = rt.alerts.history.filter((a) => a.severity === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.title, /Configuration error/);
  assert.ok(
    !JSON.stringify(rt.alerts.history).includes('local-fixture-key'),
    'the key never reaches an alert',
  );
});

test('empty units send one "no data" notice per source and day, not one per empty hour', async () => {
  const rt = await fresh();
  rt.fakeApi!.inject({
    path: '/job-search',
    times: 3,
    status: 200,
    body: '{"jobs":{"count":0,"start":0,"total":"0","job":[]}}',
  });
  await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T12:00', true, 1);
  const empty = await rt.warehouse.query(
    "select slot_id from ops.pipeline_runs where stage = 'extract' and status = 'empty'",
  );
  assert.equal(empty.length, 3, 'every empty unit is in the ledger');
  const notices = rt.alerts.history.filter((a) => a.title.startsWith('No data'));
  assert.equal(notices.length, 1, 'one digest for the day');
});

test('a malformed body is quarantined with its payload; a recovery follows the next good run', async () => {
  const rt = await fresh();
  rt.fakeApi!.inject({
    path: '/job-search',
    times: 1,
    status: 200,
    body: '<html>maintenance</html>',
  });
  await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T10:00');
  const q = await rt.store.list(rt.config.buckets.quarantine, 'extract/');
  assert.equal(q.length, 1, 'the bad body is kept');
  assert.equal((await rt.store.read(q[0]!)).toString(), '<html>maintenance</html>');
  await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T10:00');
  assert.ok(
    rt.alerts.history.some((a) => a.severity === 'recovery'),
    'recovery message after the slot succeeds again',
  );
});

test('a transient failure that outlives the retry budget is dead-lettered once and replays with one command', async () => {
  const rt = await fresh();
  rt.fakeApi!.inject({ path: '/job-search', times: 100, status: 503, body: 'busy' });
  await runWindow(rt, 'saramin', '2025-09-15T14:00', '2025-09-15T15:00');
  const letters = await rt.store.list(rt.config.buckets.quarantine, 'dead-letter/');
  assert.equal(letters.length, 1);
  assert.equal(
    rt.alerts.history.filter((a) => a.severity === 'error').length,
    1,
    'one alert after the last retry',
  );
  assert.deepEqual(rt.bus.undelivered(), [], 'the policy acknowledged before the platform gave up');

  rt.fakeApi!.clearFaults();
  // 11.13: the command the alert prints, with the gs:// name it prints, replays it.
  const alert = rt.alerts.history.find((a) => a.severity === 'error')!;
  const command = /Replay: pipeline replay --dead-letter (gs:\/\/\S+)/.exec(alert.text);
  assert.ok(command, alert.text);
  const { letterLocation, planReplay, runReplay } = await import('../../functions/cli/replay.js');
  const ref = letterLocation(command[1]!, 'elsewhere');
  assert.equal(ref.bucket, rt.config.buckets.quarantine);
  const plan = planReplay(JSON.parse((await rt.store.read(ref)).toString()), rt.config);
  assert.equal(plan.kind, 'publish', 'an extract letter is published again to its topic');
  await runReplay(plan, { publisher: rt.bus, handlers: async () => rt.handlers }, () => {});
  await rt.bus.drain();
  const state = await rt.warehouse.slotStatus(
    'saramin',
    'job_postings',
    '2025-09-15T14:00+09:00/PT1H',
  );
  assert.equal(state.load, 'succeeded');
});

test('window=updated follows modifications: every posting modified inside the window is loaded once', async () => {
  const rt = await fresh({
    env: {
      SARAMIN_ACCESS_KEY: '',
      DATA_GO_KR_SERVICE_KEY: '',
      SLACK_WEBHOOK_URL: '',
      SARAMIN_OPTIONS: 'job_mid_cd=2&window=updated',
    },
  });
  await runWindow(rt, 'saramin', FROM, TO);
  const { readFileSync } = await import('node:fs');
  const jobs = JSON.parse(
    readFileSync(new URL('../fixtures/saramin/jobs.json', import.meta.url), 'utf8'),
  ) as Record<string, string>[];
  const [from, to] = [
    Date.parse('2025-09-15T09:00:00+09:00') / 1000,
    Date.parse('2025-09-15T18:00:00+09:00') / 1000,
  ];
  const expected = new Set(
    jobs
      .filter(
        (j) =>
          Number(j['modification-timestamp']) >= from && Number(j['modification-timestamp']) < to,
      )
      .map((j) => j.id),
  );
  const [{ n }] = (await rt.warehouse.query('select count(*) as n from core.job_postings')) as [
    { n: number },
  ];
  assert.equal(n, expected.size);
  const failedChecks = await rt.warehouse.query(
    "select slot_id from ops.pipeline_runs where status = 'check_failed'",
  );
  assert.deepEqual(failedChecks, [], 'reconciliation holds');
});
