/** One window of one source, run end to end on the embedded runtime or published to the deployed one. */
import { parseConfig } from '../config.js';
import { enumerateSlots } from '../core/slots.js';
import type { LocalRuntime } from '../adapters/local/runtime.js';
import { getSource, SOURCES } from '../sources/registry.js';
import type { SourceDefinition } from '../sources/types.js';
import { backfill, waitForLedger } from './backfill.js';
import { summarize, table } from './summary.js';
import { UsageError, type Window } from './times.js';

/** A window of more slots than this needs `--yes` (a typo in a date should not start a month of work). */
export const CONFIRM_ABOVE_SLOTS = 100;

export const err = (line: string) => process.stderr.write(`${line}\n`);

/** The source and its slots in [from, to); refuses an empty window and a large one without --yes. */
export function planWindow(
  source: string,
  w: Window,
  yes: boolean,
): { def: SourceDefinition; slots: number } {
  const def = getSource(source);
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
) {
  const started = Date.now();
  const since = new Date(started);
  const alertsBefore = rt.alerts.history.length;
  const clustersBefore = rt.spark.history().length;
  err(
    `${def.source}/${def.dataset}: ${label.from} -> ${label.to} (end exclusive)${rt.faked.includes(def.source) ? ` (fake API at ${rt.fakeApi?.url}; set ${def.secretEnv} for the real one)` : ''}`,
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
    progress: err,
    // A snapshot source has no past to ask for: against the fake API its schedule is replayed.
    ...(def.unit === 'snapshot' && rt.faked.includes(def.source) ? { replay: rt.clock } : {}),
  });
  const slots = await summarize(
    rt.warehouse,
    def.source,
    def.dataset,
    result.slots,
    since,
    new Set(result.skipped),
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
      }),
    progress: err,
  });
  const summary = {
    source: def.source,
    slots: result.slots.length,
    published: result.published.length,
    skipped: result.skipped.length,
  };
  console.log(
    o.json
      ? JSON.stringify(summary)
      : `published ${summary.published}, skipped ${summary.skipped} of ${summary.slots} slots`,
  );
  return 0;
}
