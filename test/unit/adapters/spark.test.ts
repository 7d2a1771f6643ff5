/** The local Spark runner's process handling, with a stand-in spark-submit (a shell script that sleeps). */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalSparkRunner } from '../../../functions/adapters/local/spark.js';
import type { SparkRun } from '../../../functions/core/ports.js';

function fakeSpark() {
  const dir = mkdtempSync(join(tmpdir(), 'spark-test-'));
  const script = join(dir, 'spark-submit');
  // A child of its own (like the JVM under spark-submit) that must die with the group.
  writeFileSync(script, '#!/bin/sh\nsleep 30 &\necho $! > "$0.child"\nwait\n');
  chmodSync(script, 0o755);
  const runner = new LocalSparkRunner({
    registryFile: join(dir, 'clusters.json'),
    codeDir: join(dir, 'code'),
    sparkSubmit: script,
  });
  return { dir, script, runner };
}

const run: SparkRun = {
  name: 'stock-20251103-abc123',
  source: 'stock',
  slotId: '2025-11-03T00:00+09:00/P1D',
  mainPythonFile: 'stock_prices.py',
  args: [],
  labels: { source: 'stock' },
};

/** Running (a zombie waiting for a reaper that is not ours counts as dead). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

test('interrupt() kills a running job and its children; submit fails as retryable, cluster deleted', async () => {
  const { script, runner } = fakeSpark();
  const submitted = runner.submit(run);
  await new Promise((r) => setTimeout(r, 300));
  const child = Number(readFileSync(`${script}.child`, 'utf8'));
  assert.ok(alive(child), 'the job is running');
  assert.equal(await runner.interrupt(1000), 1);
  await assert.rejects(submitted, (e: Error & { code?: string; kind?: string }) => {
    assert.equal(e.code, 'SPARK.INTERRUPTED');
    assert.equal(
      e.kind,
      'transient',
      'retryable: the transform is marked retrying, not quarantined',
    );
    return true;
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(!alive(child), "the job's own children died with it");
  assert.deepEqual(await runner.listClusters(), [], 'the cluster is deleted');
  await assert.rejects(runner.submit(run), /SPARK.INTERRUPTED|stopping/, 'nothing new starts');
});

test('reapOrphans() deletes clusters a dead launcher left registered', async () => {
  const { dir, runner } = fakeSpark();
  writeFileSync(
    join(dir, 'clusters.json'),
    JSON.stringify([
      {
        name: 'orphan',
        labels: {},
        createdAt: new Date().toISOString(),
        state: 'RUNNING',
        pid: 999_999_999, // not a process: nothing is killed by number
        launcherPid: 999_999_998,
      },
    ]),
  );
  assert.deepEqual(runner.reapOrphans(), ['orphan']);
  assert.deepEqual(await runner.listClusters(), []);
});
