/**
 * Every registered source, Seoul included: (1) every event delivered twice and shuffled, then the
 * window re-run, and (2) transient faults injected into the API (503 storms, a Retry-After 429),
 * must reach the same warehouse (core, raw and mart tables) and ledger state as one clean delivery.
 * Windows are short to keep the suite quick (stock runs local Spark per day).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { slotContaining } from '../../functions/core/slots.js';
import { SOURCES } from '../../functions/sources/registry.js';
import { LEDGER_STATE_SQL, runWindow, tableHash, tempRuntime } from '../support/runtime.js';
import { needTool } from '../support/tools.js';

const seoulStart = slotContaining(Date.now() - 2 * 3600_000, 'PT1H').start;
const WINDOWS: Record<string, [string, string]> = {
  saramin: ['2025-09-15T09:00', '2025-09-15T13:00'],
  stock: ['2025-11-12', '2025-11-14'],
  // One day: a later day skips the details an earlier one loaded (the fetch state), so which unit
  // fetched a posting, and so the raw rows, depends on the order concurrent units finish in.
  senuri: ['2026-11-23', '2026-11-24'],
  seoul_population: [
    new Date(seoulStart).toISOString(),
    new Date(seoulStart + 40 * 60_000).toISOString(),
  ],
};

const sparkReady = (() => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    return false;
  }
  return existsSync(new URL('../../.venv/bin/spark-submit', import.meta.url).pathname);
})();

const runtimes: LocalRuntime[] = [];
after(async () => {
  for (const rt of runtimes) await rt.close();
});

/** Table hashes of every raw/core table and mart view (from sql/), plus the source's ledger state. */
async function state(rt: LocalRuntime, source: string): Promise<Record<string, unknown>> {
  const sqlDir = new URL('../../sql/', import.meta.url).pathname;
  const sqlFiles = (dir: string) =>
    readdirSync(join(sqlDir, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.sql'))
      .map((f) => basename(f, '.sql'));
  const tables = [...sqlFiles('ddl'), ...sqlFiles('mart').map((f) => `mart.${f}`)].filter(
    (t) => !t.startsWith('ops.') && !t.startsWith('mart.pipeline_'),
  );
  const out: Record<string, unknown> = {};
  for (const t of tables)
    // Generations differ between two runtimes; everything else must not.
    out[t] = await tableHash(
      rt,
      `select * ${t.startsWith('raw.') ? 'except (_raw_generation)' : ''} from ${t}`,
    );
  out.ledger = await tableHash(
    rt,
    `select * from (${LEDGER_STATE_SQL}) where source = '${source}'`,
  );
  return out;
}

for (const def of SOURCES) {
  const window = WINDOWS[def.source] ?? [def.demo.from, def.demo.to];
  const spark = def.transform.kind === 'spark';

  test(`${def.source}: chaos delivery and a re-run reach the clean warehouse`, async (t) => {
    if (spark && !needTool(t, 'Java 17 + local Spark (.venv)', sparkReady)) return;
    const clean = await tempRuntime();
    runtimes.push(clean);
    await runWindow(clean, def.source, ...window);
    const chaos = await tempRuntime({ chaos: true });
    runtimes.push(chaos);
    await runWindow(chaos, def.source, ...window);
    await runWindow(chaos, def.source, ...window);
    const a = await state(clean, def.source);
    assert.ok(
      Object.values(a).some((h) => (h as { rows: number }).rows > 0),
      'rows loaded',
    );
    assert.deepEqual(await state(chaos, def.source), a);
    assert.deepEqual(
      chaos.alerts.history.filter((x) => x.severity === 'error'),
      [],
    );
  });

  test(`${def.source}: injected transient faults are retried to the clean warehouse`, async (t) => {
    if (spark && !needTool(t, 'Java 17 + local Spark (.venv)', sparkReady)) return;
    const clean = await tempRuntime();
    runtimes.push(clean);
    await runWindow(clean, def.source, ...window);
    const faulty = await tempRuntime();
    runtimes.push(faulty);
    // Every route: two 503s, then a 429 asking for a short wait; the shared client retries them.
    faulty.fakeApi!.inject({ path: '/', times: 2, status: 503, body: 'Service Unavailable' });
    faulty.fakeApi!.inject({
      path: '/',
      times: 1,
      status: 429,
      body: '',
      headers: { 'retry-after': '1' },
    });
    await runWindow(faulty, def.source, ...window);
    assert.deepEqual(await state(faulty, def.source), await state(clean, def.source));
  });
}
