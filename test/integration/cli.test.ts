/** The `pipeline` command as a user runs it: exit codes, JSON output, errors on bad input. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const BIN = new URL('../../bin/pipeline.js', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'pipeline-cli-'));
const env = {
  ...process.env,
  SARAMIN_ACCESS_KEY: '',
  DATA_GO_KR_SERVICE_KEY: '',
  SLACK_WEBHOOK_URL: '',
};
const pipeline = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args, '--root', root], { env, encoding: 'utf8' });

test('run --json prints a summary; query --json reads the loaded rows', () => {
  const run = pipeline(
    'run',
    '--source',
    'saramin',
    '--from',
    '2025-09-15T09:00',
    '--to',
    '2025-09-15T12:00',
    '--json',
  );
  assert.equal(run.status, 0, run.stderr);
  const summary = JSON.parse(run.stdout) as {
    slots: number;
    loaded_slots: number;
    rows: Record<string, number>;
  };
  assert.equal(summary.slots, 3);
  assert.equal(summary.loaded_slots, 3);
  assert.deepEqual(summary.rows, { api: 168, raw: 168, curated: 168, loaded: 168 });
  assert.match(
    run.stderr,
    /\[3\/3\] 2025-09-15T11:00\+09:00\/PT1H published/,
    'progress on stderr',
  );
  const query = pipeline('query', 'select count(*) as n from core.job_postings', '--json');
  assert.equal(query.status, 0, query.stderr);
  assert.deepEqual(JSON.parse(query.stdout), [{ n: 167 }]);
});

test('backfill resumes: a second run skips every loaded slot', () => {
  const again = pipeline(
    'backfill',
    '--source',
    'saramin',
    '--from',
    '2025-09-15T09:00',
    '--to',
    '2025-09-15T12:00',
    '--json',
  );
  assert.equal(again.status, 0, again.stderr);
  const summary = JSON.parse(again.stdout) as { skipped: number; published: number };
  assert.deepEqual([summary.skipped, summary.published], [3, 0]);
});

test('bad input: clear message and exit 2, nothing crashes', () => {
  const unknown = pipeline('run', '--source', 'nope', '--from', '2025-09-15', '--to', '2025-09-16');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown source "nope"; known: saramin, stock/);
  const backwards = pipeline(
    'run',
    '--source',
    'saramin',
    '--from',
    '2025-09-16',
    '--to',
    '2025-09-15',
  );
  assert.equal(backwards.status, 2);
  assert.match(backwards.stderr, /--to .* must be after --from/);
  const badTime = pipeline(
    'run',
    '--source',
    'saramin',
    '--from',
    'yesterday',
    '--to',
    '2025-09-15',
  );
  assert.match(badTime.stderr, /not an ISO time: yesterday/);
  const sql = pipeline('query', 'select * from core.nope');
  assert.equal(sql.status, 1);
  assert.match(sql.stderr, /nope/);
  assert.equal(pipeline('frobnicate').status, 2);
});
