/** One window of one source, run end to end on the embedded runtime or published to the deployed one. */
import { parseConfig } from '../config.js';
import { enumerateSlots } from '../core/slots.js';
import type { LocalRuntime } from '../adapters/local/runtime.js';
import { getSource, SOURCES } from '../sources/registry.js';
import type { SourceDefinition } from '../sources/types.js';
import { isComplete } from '../core/ledger.js';
import {
  backfill,
  describe,
  extractSettled,
  inFlightOnPlatform,
  waitForLedger,
} from './backfill.js';
import { summarize, table } from './summary.js';
import { CONFIRM_ABOVE_SLOTS, UsageError, type Window } from './times.js';

/** A window of more slots than this needs `--yes` (a typo in a date should not start a month of work). */
export { CONFIRM_ABOVE_SLOTS };

export const err = (line: string) => process.stderr.write(`${line}\n`);

/** The source and its slots in [from, to); refuses an empty window and a large one without --yes. */
export function planWindow(
  source: string,
  w: Window,
  yes: boolean,
): { def: SourceDefinition; slots: number } {
  const def = getSource(source);
  // A keyed source runs every key of keys() whatever the window: --from/--to only name the run.
  if (def.unit === 'keyed') {
    const keys = def.keys?.().length ?? 0;
    if (keys === 0) throw new UsageError(`${def.source} lists no keys`);
    return { def, slots: keys };
  }
  const slots = enumerateSlots(w.from, w.to, def.schedule).length;
  if (slots === 0)
    throw new UsageError(`the window holds no ${def.schedule.period} slot of ${def.source}`);
  if (slots > CONFIRM_ABOVE_SLOTS && !yes)
    throw new UsageError(
      `the window holds ${slots} ${def.schedule.period} slots of ${def.source} (more than ${CONFIRM_ABOVE_SLOTS}); pass --yes to run them all`,
    );
  return { def, slots };
}

export async function runWindow(
  rt: LocalRuntime,
  def: SourceDefinition,
  label: { from: string; to: string },
  w: Window,
  force: boolean,
  concurrency: number,
  rewrite = false,
  interrupt?: { signal: AbortSignal; resumeCommand: string },
  batchDays = rt.config.sparkBatchDays,
) {
  const started = Date.now();
  const replay = def.unit === 'snapshot' && rt.faked.includes(def.source);
  // A replay records the pinned clock (the slots' own times) in the ledger, not the wall clock.
  const since = new Date(replay ? w.from : started);
  let stopping: Promise<{ dropped: number; sparkKilled: number }> | undefined;
  const onAbort = () => {
    stopping = rt.interrupt();
  };
  interrupt?.signal.addEventListener('abort', onAbort, { once: true });
  const alertsBefore = rt.alerts.history.length;
  const clustersBefore = rt.spark.history().length;
  err(
    `${def.source}/${def.dataset}: ${label.from} -> ${label.to} (end exclusive)${rt.faked.includes(def.source) ? ` (fake API at ${rt.fakeApi?.url}; set ${def.secretEnv}${def.secretOptional ? ` or ${def.source.toUpperCase()}_BASE_URL` : ''} for the real one)` : ''}`,
  );
  const result = await backfill({
    def,
    from: w.from,
    to: w.to,
    force,
    rewrite,
    concurrency,
    topic: `${rt.config.topicPrefix}${def.source}`,
    publisher: rt.bus,
    ledger: rt.warehouse,
    settle: () => rt.bus.drain(),
    batchDays,
    progress: err,
    // A snapshot source has no past to ask for: against the fake API its schedule is replayed.
    ...(replay ? { replay: rt.clock } : {}),
    ...(interrupt ? { signal: interrupt.signal } : {}),
  });
  interrupt?.signal.removeEventListener('abort', onAbort);
  if (stopping) {
    const { dropped, sparkKilled } = await stopping;
    err(
      `interrupted: ${result.published.length} of ${result.slots.length} slots published, ${dropped} queued stage event(s) dropped, ${sparkKilled} Spark run(s) killed`,
    );
  }
  // Unfinished after this run, by the ledger as a whole (earlier runs count): what a rerun resumes.
  const incomplete: { slot: string; state: string }[] = [];
  for (const slot of result.slots) {
    const state = await rt.warehouse.slotStatus(def.source, def.dataset, slot);
    if (!isComplete(state)) incomplete.push({ slot, state: describe(state) });
  }
  const summarized = await summarize(
    rt.warehouse,
    def.source,
    def.dataset,
    result.slots,
    since,
    new Set(result.skipped),
  );
  // "unchanged" or nothing recorded, yet not loaded: the run stopped before its stages did.
  const unfinished = new Set(incomplete.map((i) => i.slot));
  const slots = summarized.map((s) =>
    unfinished.has(s.slot) && (s.outcome === 'unchanged' || s.outcome === '-')
      ? { ...s, outcome: 'incomplete' as const }
      : s,
  );
  const alerts = rt.alerts.history.slice(alertsBefore);
  const clusters = rt.spark.history().slice(clustersBefore);
  // null when no slot reports the count (a Spark transform runs asynchronously and reports none).
  const sum = (k: 'api_total' | 'raw_rows' | 'curated_rows' | 'loaded_rows') =>
    slots.some((s) => s[k] !== null) ? slots.reduce((n, s) => n + (s[k] ?? 0), 0) : null;
  const count = (o: string) => slots.filter((s) => s.outcome === o).length;
  return {
    source: def.source,
    dataset: def.dataset,
    from: label.from,
    to: label.to,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    slots: slots.length,
    published: result.published.length,
    skipped: result.skipped.length,
    resumed: result.resumed.length,
    interrupted: result.interrupted,
    objects: slots.filter((s) => s.object).length,
    rows: {
      api: sum('api_total'),
      raw: sum('raw_rows'),
      curated: sum('curated_rows'),
      loaded: sum('loaded_rows'),
    },
    loaded_slots: count('loaded'),
    empty_slots: count('empty'),
    unchanged_slots: count('unchanged'),
    failed_slots: count('failed'),
    checks_failed: count('check_failed'),
    /** Slots not loaded (nor empty) by this or any earlier run: rerunning the command resumes them. */
    incomplete_slots: incomplete.length,
    incomplete,
    resume_command: incomplete.length > 0 ? (interrupt?.resumeCommand ?? null) : null,
    alerts: alerts.map((a) => `${a.severity}: ${a.title}`),
    clusters: {
      created: clusters.length,
      left_running: clusters.filter((c) => !c.deletedAt).length,
    },
    per_slot: slots,
  };
}

export type Summary = Awaited<ReturnType<typeof runWindow>>;

export function printSummary(s: Summary): void {
  console.log(`\n${s.source}/${s.dataset}  ${s.from} -> ${s.to} (end exclusive)  (${s.seconds}s)`);
  console.log(
    table(
      s.per_slot.map((p) => ({
        slot: p.slot,
        outcome: p.outcome,
        extract: p.extract,
        transform: p.transform,
        load: p.load,
        api: p.api_total,
        raw: p.raw_rows,
        curated: p.curated_rows,
        loaded: p.loaded_rows,
      })),
    ),
  );
  console.log(
    `slots ${s.slots} (loaded ${s.loaded_slots}, empty ${s.empty_slots}, unchanged ${s.unchanged_slots}, failed ${s.failed_slots}, skipped ${s.skipped}) · objects ${s.objects} · rows api ${s.rows.api ?? 0} / raw ${s.rows.raw ?? 0} / curated ${s.rows.curated ?? 'n/a'} / loaded ${s.rows.loaded ?? 0} · checks failed ${s.checks_failed} · alerts ${s.alerts.length}` +
      (s.clusters.created
        ? ` · clusters created ${s.clusters.created}, left running ${s.clusters.left_running}`
        : ''),
  );
  if (s.incomplete_slots > 0) {
    console.log(`incomplete ${s.incomplete_slots} (not loaded yet; a rerun finishes them):`);
    for (const i of s.incomplete) console.log(`  ${i.slot}  ${i.state}`);
    if (s.resume_command) console.log(`resume with: ${s.resume_command}`);
  }
}

/** backfill / sweep against the deployed platform: publish to Pub/Sub, follow the BigQuery run ledger. */
export async function runOnGcp(
  command: 'backfill' | 'sweep',
  o: {
    def?: SourceDefinition;
    window?: Window;
    force: boolean;
    json: boolean;
    concurrency: number;
    batchDays?: number;
    signal?: AbortSignal;
  },
  env: Record<string, string | undefined>,
): Promise<number> {
  const config = parseConfig(env, SOURCES);
  if (config.projectId === 'local') throw new UsageError('--target gcp needs GOOGLE_CLOUD_PROJECT');
  const { createGcpDeps } = await import('../adapters/gcp/runtime.js');
  const deps = createGcpDeps(config, env, { sink: () => {} });
  if (command === 'sweep') {
    await deps.publisher.publish('maintenance', {}, { origin: 'cli' });
    err('published a sweep request to topic maintenance');
    return 0;
  }
  const def = o.def!;
  const result = await backfill({
    def,
    from: o.window!.from,
    to: o.window!.to,
    force: o.force,
    rewrite: o.force,
    concurrency: o.concurrency,
    topic: `${config.topicPrefix}${def.source}`,
    publisher: deps.publisher,
    ledger: deps.ledger,
    // At most `concurrency` slots (for stock: clusters) in flight; the ledger says when they are done.
    settle: (slots) =>
      waitForLedger(deps.ledger, def, slots, {
        pollMs: 30_000,
        timeoutMs: 2 * 3600_000,
        progress: err,
        ...(o.signal ? { signal: o.signal } : {}),
      }),
    // Batched Spark runs: a group's batch is requested once its days' extracts have ended.
    batchDays: o.batchDays ?? config.sparkBatchDays,
    settleExtracts: (slots) =>
      waitForLedger(deps.ledger, def, slots, {
        pollMs: 15_000,
        timeoutMs: 3600_000,
        progress: err,
        settled: extractSettled,
        ...(o.signal ? { signal: o.signal } : {}),
      }),
    progress: err,
    // The platform retries and Dataproc runs on after this process exits: wait for those units.
    stillRunning: inFlightOnPlatform,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (result.interrupted)
    err(
      `interrupted: ${result.published.length} of ${result.slots.length} slots published; the published ones run on in the cloud. Rerun the same command to publish the rest (loaded slots are skipped, unfinished ones published again once they settle).`,
    );
  const incomplete: string[] = [];
  for (const slot of result.slots)
    if (!isComplete(await deps.ledger.slotStatus(def.source, def.dataset, slot)))
      incomplete.push(slot);
  const summary = {
    source: def.source,
    slots: result.slots.length,
    published: result.published.length,
    skipped: result.skipped.length,
    resumed: result.resumed.length,
    unpublished: result.unpublished.length,
    incomplete,
  };
  console.log(
    o.json
      ? JSON.stringify(summary)
      : `published ${summary.published} (resumed ${summary.resumed}), skipped ${summary.skipped}, not published ${summary.unpublished} of ${summary.slots} slots` +
          (incomplete.length
            ? `\nincomplete ${incomplete.length} (not loaded yet; rerun the same command once they settle): ${incomplete.join(', ')}`
            : ''),
  );
  if (result.interrupted) return 130;
  return incomplete.length > 0 ? 1 : 0;
}
