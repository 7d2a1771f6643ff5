/**
 * Interrupted backfills resume to the same warehouse. The `pipeline backfill` command runs in a child
 * process and is stopped at a seeded random moment once its runtime is up: SIGKILL (a crash: nothing
 * cleans up, queued events are lost) or SIGINT/SIGTERM (the clean path: exit 130/143, a resume hint).
 * One rerun of the same command must exit 0 and leave the tables identical to an uninterrupted run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDbWarehouse } from '../../functions/adapters/local/duckdb.js';
import { formatSlot, slotContaining } from '../../functions/core/slots.js';
import { LEDGER_STATE_SQL, tableHash } from '../support/runtime.js';

const BIN = new URL('../../bin/pipeline.js', import.meta.url).pathname;
const env = {
  ...process.env,
  SARAMIN_ACCESS_KEY: '',
  DATA_GO_KR_SERVICE_KEY: '',
  SEOUL_OPEN_API_KEY: '',
  SLACK_WEBHOOK_URL: '',
};

/** Small seeded PRNG (mulberry32): the same seed interrupts at the same moment. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether the interrupt was sent before the command ended on its own. */
  interrupted: boolean;
}

/**
 * Runs `pipeline <args>`; with `stop`, sends the signal `afterMs` after the runtime announced itself
 * (its first stderr line), so the interrupt lands in the work and not in module loading.
 */
function pipeline(
  args: string[],
  stop?: { signal: NodeJS.Signals; afterMs: number },
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stop && !timer && stderr.includes('\n'))
        timer = setTimeout(() => {
          interrupted = child.exitCode === null && child.kill(stop.signal);
        }, stop.afterMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, interrupted });
    });
  });
}

async function hashes(root: string, queries: string[]): Promise<Record<string, unknown>> {
  const warehouse = await DuckDbWarehouse.open(
    join(root, 'warehouse.duckdb'),
    () => {
      throw new Error('read only');
    },
    { readOnly: true },
  );
  try {
    const out: Record<string, unknown> = {};
    for (const sql of queries) out[sql] = await tableHash({ warehouse }, sql);
    return out;
  } finally {
    await warehouse.close();
  }
}

interface Case {
  source: string;
  from: string;
  to: string;
  queries: string[];
  /** Interrupt window after the runtime is up, ms (about the length of an uninterrupted run). */
  spanMs: number;
}

const saramin: Case = {
  source: 'saramin',
  from: '2025-09-15T09:00',
  to: '2025-09-15T18:00',
  queries: [
    'select * from core.job_postings',
    'select * exclude (_raw_generation) from raw.saramin_job_postings',
    'select * from mart.hiring_trend_daily',
    // The latest state of every slot and stage: same statuses and counts as an uninterrupted run.
    LEDGER_STATE_SQL,
  ],
  spanMs: 1800,
};

// Snapshot source, replayed against the fake API with a pinned clock: four slots two hours ago.
const seoulStart = slotContaining(Date.now() - 2 * 3600_000, 'PT1H').start;
const seoul: Case = {
  source: 'seoul_population',
  from: formatSlot({ start: seoulStart, period: 'PT20M' }),
  to: new Date(seoulStart + 80 * 60_000).toISOString().replace('.000Z', 'Z'),
  queries: [
    "select * from core.seoul_population where ppltn_time >= timestamp '2000-01-01'",
    "select * from core.seoul_population_forecast where ppltn_time >= timestamp '2000-01-01'",
    'select * exclude (_raw_generation) from raw.seoul_population',
  ],
  spanMs: 4000,
};

const window = (c: Case, root: string) => [
  'backfill',
  '--source',
  c.source,
  '--from',
  c.from,
  '--to',
  c.to,
  '--concurrency',
  '2',
  '--root',
  root,
];

async function baseline(c: Case): Promise<Record<string, unknown>> {
  const root = mkdtempSync(join(tmpdir(), `resume-${c.source}-clean-`));
  const run = await pipeline(window(c, root));
  assert.equal(run.code, 0, run.stderr);
  const h = await hashes(root, c.queries);
  for (const [sql, v] of Object.entries(h))
    assert.ok((v as { rows: number }).rows > 0, `${sql} has rows in the uninterrupted run`);
  return h;
}

async function interruptThenResume(
  c: Case,
  expected: Record<string, unknown>,
  seed: number,
  signal: NodeJS.Signals,
): Promise<string> {
  const afterMs = Math.floor(random(seed)() * c.spanMs);
  const label = `${c.source} seed ${seed} ${signal} at +${afterMs} ms`;
  const root = mkdtempSync(join(tmpdir(), `resume-${c.source}-${seed}-`));
  const first = await pipeline(window(c, root), { signal, afterMs });
  // A signal sent in the instant the process was exiting (its exit not yet seen) reaches nothing:
  // exit code 0 means it finished before the signal.
  if (first.interrupted && first.code !== 0) {
    if (signal === 'SIGKILL') assert.equal(first.signal, 'SIGKILL', label);
    else {
      assert.equal(first.code, signal === 'SIGINT' ? 130 : 143, `${label}\n${first.stderr}`);
      assert.match(first.stderr, new RegExp(`${signal}: no more slots are published`), label);
      if (/incomplete \d+/.test(first.stdout))
        assert.match(first.stdout, /resume with: pipeline backfill --source /, label);
    }
  } else assert.equal(first.code, 0, `${label} (finished before the interrupt)\n${first.stderr}`);
  const again = await pipeline(window(c, root));
  assert.equal(
    again.code,
    0,
    `${label}: the rerun finishes every slot\n${again.stdout}\n${again.stderr}`,
  );
  assert.doesNotMatch(again.stdout, /incomplete \d+/, label);
  assert.deepEqual(
    await hashes(root, c.queries),
    expected,
    `${label}: same tables as uninterrupted`,
  );
  const resumed = again.stderr.match(/ unfinished \(/g)?.length ?? 0;
  return `${label}: ${first.interrupted && first.code !== 0 ? 'interrupted' : 'finished before the signal'}; rerun resumed ${resumed} unfinished slot(s)`;
}

// Seeds spread the interrupt over the run; SIGKILL is the crash, SIGINT/SIGTERM the clean path.
const PLAN: [number, NodeJS.Signals][] = [
  [1, 'SIGKILL'],
  [2, 'SIGKILL'],
  [3, 'SIGKILL'],
  [4, 'SIGKILL'],
  [5, 'SIGINT'],
  [6, 'SIGINT'],
  [7, 'SIGTERM'],
];

test('saramin: a backfill killed or interrupted at random points resumes to the uninterrupted warehouse', async (t) => {
  const expected = await baseline(saramin);
  for (const [seed, signal] of PLAN)
    t.diagnostic(await interruptThenResume(saramin, expected, seed, signal));
});

test('seoul_population (replayed snapshots): interrupted at random points, one rerun reaches the same tables', async (t) => {
  const expected = await baseline(seoul);
  for (const [seed, signal] of PLAN.slice(0, 3).concat(PLAN.slice(4, 5), PLAN.slice(6)))
    t.diagnostic(await interruptThenResume(seoul, expected, seed, signal));
});
