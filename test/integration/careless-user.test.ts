/**
 * A careless user at the `pipeline` command line: every mistake ends promptly with a non-zero exit,
 * one clear line on stderr, and the warehouse exactly as it was.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const REPO = new URL('../..', import.meta.url).pathname;
const BIN = join(REPO, 'bin', 'pipeline.js');
const home = mkdtempSync(join(tmpdir(), 'pipeline-careless-'));
const root = join(home, 'state');
const warehouse = join(root, 'warehouse.duckdb');
const env = {
  ...process.env,
  SARAMIN_ACCESS_KEY: '',
  DATA_GO_KR_SERVICE_KEY: '',
  SLACK_WEBHOOK_URL: '',
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function pipeline(args: string[], o: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: o.cwd ?? home,
    env: { ...env, ...o.env },
    encoding: 'utf8',
    timeout: 60_000, // a process kept alive after an error fails here instead of hanging the suite
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

const inRoot = (...args: string[]) => pipeline([...args, '--root', root]);
const digest = () => createHash('sha256').update(readFileSync(warehouse)).digest('hex');

/** Non-zero exit, exactly one stderr line matching `message`, and within `ms`. */
function refused(r: Run, code: number, message: RegExp, ms = 20_000): void {
  assert.equal(r.status, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0]!, message);
  assert.ok(r.ms < ms, `exited after ${r.ms} ms`);
}

let before_: string;
const SLOT = '2025-09-15T09:00+09:00/PT1H';

before(() => {
  const r = inRoot(
    'run',
    '--source',
    'saramin',
    '--from',
    SLOT,
    '--to',
    '2025-09-15T11:00',
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  before_ = digest();
});

after(() => {
  // The warehouse is exactly as the setup run left it: no mistake below wrote to it.
  assert.equal(digest(), before_, 'warehouse file unchanged');
  assert.ok(!existsSync(`${warehouse}.wal`), 'no pending write-ahead log');
});

test('query is read-only without --write, the engine refusing the write', () => {
  refused(inRoot('query', 'delete from ops.pipeline_runs'), 1, /read-only/);
  refused(inRoot('query', 'create table ops.x (a int64)'), 1, /read-only/);
  const n = inRoot('query', 'select count(*) as n from ops.pipeline_runs', '--json');
  assert.equal(n.status, 0, n.stderr);
  assert.ok((JSON.parse(n.stdout) as { n: number }[])[0]!.n > 0);
});

test('query takes one statement per call', () => {
  refused(
    inRoot('query', 'select 1; delete from ops.pipeline_runs'),
    1,
    /one statement per call, got 2/,
  );
});

test('query prints dates as dates and timestamps in KST', () => {
  const r = inRoot(
    'query',
    "select date '2025-09-15' as d, timestamp '2025-09-15 00:00:00+00' as t",
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ d: '2025-09-15', t: '2025-09-15T09:00:00+09:00' }]);
  const text = inRoot('query', "select date '2025-09-15' as d");
  assert.match(text.stdout, /^2025-09-15$/m);
});

test('impossible dates, backwards and huge windows are refused before anything runs', () => {
  const run = (from: string, to: string, ...more: string[]) =>
    inRoot('run', '--source', 'saramin', '--from', from, '--to', to, ...more);
  refused(run('2025-02-30', '2025-03-02'), 2, /--from: 2025-02-30 is not a real date/);
  refused(run('2025-02-01', '2025-02-01T24:00'), 2, /not a real time of day/);
  refused(run('2025-09-16', '2025-09-15'), 2, /--to .* must be after --from/);
  refused(run('yesterday', '2025-09-15'), 2, /not an ISO time: yesterday/);
  refused(
    run('2025-01-01', 'now'),
    2,
    /the window holds \d+ PT1H slots of saramin \(more than 100\); pass --yes/,
  );
  refused(
    inRoot('run', '--source', 'saramin', '--from', '2025-09-15'),
    2,
    /'--to <time>' not specified/,
  );
});

test('bad settings and bad options: one line, non-zero', () => {
  refused(
    pipeline(['run', '--source', 'saramin', '--from', SLOT, '--to', SLOT, '--root', root], {
      env: { SARAMIN_PAGE_SIZE: 'lots' },
    }),
    1,
    /CONFIG.INVALID: SARAMIN_PAGE_SIZE must be an integer >= 1/,
  );
  refused(
    inRoot('backfill', '--source', 'saramin', '--from', SLOT, '--to', SLOT, '--concurrency', '0'),
    2,
    /--concurrency .* must be a whole number >= 1/,
  );
  refused(
    inRoot('backfill', '--source', 'saramin', '--from', SLOT, '--to', SLOT, '--target', 'aws'),
    2,
    /--target .* Allowed choices are local, gcp/,
  );
  refused(inRoot('frobnicate'), 2, /unknown command 'frobnicate'/);
});

test('a root that is a file', () => {
  const file = join(home, 'not-a-folder');
  writeFileSync(file, 'x');
  refused(
    pipeline(['run', '--source', 'saramin', '--from', SLOT, '--to', SLOT, '--root', file]),
    2,
    /--root .*not-a-folder is a file, not a folder/,
  );
  refused(pipeline(['query', 'select 1', '--root', file]), 2, /is a file, not a folder/);
});

test('a corrupt warehouse', () => {
  const bad = join(home, 'corrupt');
  mkdirSync(bad);
  writeFileSync(join(bad, 'warehouse.duckdb'), 'this is not a database'.repeat(300));
  const r = pipeline(['run', '--source', 'saramin', '--from', SLOT, '--to', SLOT, '--root', bad]);
  refused(r, 1, /warehouse\.duckdb is not a readable DuckDB database \(corrupt\?\)/);
  refused(pipeline(['query', 'select 1', '--root', bad]), 1, /not a readable DuckDB database/);
});

test('a warehouse another pipeline holds: names its PID, exits promptly', async () => {
  // Another process holding the warehouse open for writing, as a running `pipeline run` does.
  const holder: ChildProcess = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DuckDBInstance } from '@duckdb/node-api';
       const db = await DuckDBInstance.create(${JSON.stringify(warehouse)});
       await db.connect();
       console.log('ready');
       setInterval(() => {}, 1000);`,
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      holder.on('exit', () => reject(new Error('holder exited')));
    });
    const line = new RegExp(`another pipeline \\(PID ${holder.pid}\\) is using .*state$`);
    refused(inRoot('run', '--source', 'saramin', '--from', SLOT, '--to', SLOT), 1, line, 15_000);
    refused(inRoot('query', 'select 1'), 1, line, 15_000);
    refused(inRoot('query', 'select 1', '--write'), 1, line, 15_000);
  } finally {
    holder.kill();
    await new Promise((r) => holder.once('exit', r));
  }
});

test('every command has --help with examples', () => {
  for (const command of ['run', 'backfill', 'demo', 'query', 'dashboard', 'replay', 'sweep']) {
    const r = pipeline([command, '--help']);
    assert.equal(r.status, 0, command);
    assert.match(r.stdout, new RegExp(`Usage: pipeline ${command}`));
    assert.match(r.stdout, /Examples:\n {2}pipeline /, command);
  }
  assert.match(pipeline(['run', '--help']).stdout, /--to is exclusive/);
  assert.equal(pipeline(['--help']).status, 0);
  assert.equal(pipeline([]).status, 2);
});

test("a rerun of loaded slots reports them unchanged, without the first run's counts", () => {
  const other = join(home, 'rerun');
  const args = [
    'run',
    '--source',
    'saramin',
    '--from',
    SLOT,
    '--to',
    SLOT,
    '--json',
    '--root',
    other,
  ];
  assert.equal(pipeline(args).status, 0);
  const again = pipeline(args);
  assert.equal(again.status, 0, again.stderr);
  const s = JSON.parse(again.stdout) as {
    unchanged_slots: number;
    loaded_slots: number;
    rows: { loaded: number | null };
    per_slot: { outcome: string; load: string }[];
  };
  assert.deepEqual(
    s.per_slot.map((p) => [p.outcome, p.load]),
    [['unchanged', '-']],
  );
  assert.deepEqual([s.unchanged_slots, s.loaded_slots, s.rows.loaded], [1, 0, null]);
  const text = pipeline(args.filter((a) => a !== '--json'));
  assert.match(text.stdout, /2025-09-15T09:00\+09:00\/PT1H +unchanged/);
  assert.match(text.stdout, /unchanged 1/);
});

test('the demo runs in its own root and leaves .pipeline/ alone', () => {
  const project = join(home, 'project');
  mkdirSync(join(project, '.pipeline'), { recursive: true });
  writeFileSync(join(project, '.pipeline', 'mine'), 'keep');
  const r = pipeline(['demo', '--source', 'saramin', '--json'], { cwd: project });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(project, '.pipeline', 'mine'), 'utf8'), 'keep');
  assert.ok(existsSync(join(project, '.pipeline-demo', 'warehouse.duckdb')));
  assert.ok(!existsSync(join(project, '.pipeline', 'warehouse.duckdb')));
  const script = readFileSync(join(REPO, 'scripts', 'demo.sh'), 'utf8');
  assert.doesNotMatch(
    script,
    /rm -rf?\s+(--\s+)?\.pipeline(\/|\s|$)/,
    'demo.sh never deletes .pipeline/',
  );
  assert.match(script, /demo --root "\$demo_root"/);
});
