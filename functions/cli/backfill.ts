/**
 * Backfill as a first-class action: enumerate the window's units (slots on the source's schedule,
 * or a keyed source's keys), skip the ones the ledger shows loaded (unless forced), and publish one
 * extract message per unit — the same idempotent path a scheduled run takes — keeping at most
 * `concurrency` units in flight.
 * Resume: every message carries `resume: true`. When the API's bytes equal the stored raw object
 * (no new generation, so no finalize event) and the ledger shows the unit not loaded — a run
 * interrupted by Ctrl-C, SIGTERM or a crash, even between the raw write and its ledger row; a stage
 * that failed — the extract writes the object again as a new generation (see stages/extract.ts).
 * Snapshot sources are never backfilled: the API only answers "now". Locally, against the fake API,
 * `replay` pins the runtime's clock to each slot in turn and publishes the scheduled (time-less)
 * message, so a window of a snapshot source can be replayed the way the scheduler would have run it.
 */
import { PermanentError } from '../core/errors.js';
import { isUnfinished } from '../core/ledger.js';
import type { Ledger, Publisher } from '../core/ports.js';
import { enumerateSlots, formatSlot, parseSlot } from '../core/slots.js';
import type { SourceDefinition } from '../sources/types.js';

export interface BackfillOptions {
  def: SourceDefinition;
  from: number;
  to: number;
  force: boolean;
  /** Also make every stage run again for slots with unchanged API bytes (new raw generations). */
  rewrite?: boolean;
  concurrency: number;
  topic: string;
  publisher: Publisher;
  ledger: Ledger;
  /** Resolves when the slots just published have settled (local: the bus drained; cloud: the ledger says so). */
  settle: (inFlight: string[]) => Promise<void>;
  progress: (line: string) => void;
  /** Snapshot sources only, local fake API only: pins the clock the extract and the fake API read. */
  replay?: { pin(t: number | undefined): void };
  /** Aborted on SIGINT/SIGTERM: nothing more is published; what is in flight settles. */
  signal?: AbortSignal;
  /**
   * Whether an unfinished unit may still be running elsewhere (the deployed platform retries and
   * Dataproc runs on after the CLI exits): such units are waited for, not written again. Locally
   * nothing outlives the process, so every unfinished unit is resumed.
   */
  stillRunning?: (state: Record<string, string>) => boolean;
  /**
   * Spark sources: days per Spark run (default 1: one run per day). Above 1, the window's days are
   * extracted with `batch: true` (their transform waits), then one `spark_batch` message per group
   * of up to this many consecutive published days starts one run (one cluster) for the group.
   */
  batchDays?: number;
  /** Resolves when the extracts just published have settled (default: `settle`). */
  settleExtracts?: (inFlight: string[]) => Promise<void>;
}

export interface BackfillResult {
  slots: string[];
  published: string[];
  skipped: string[];
  /** Units an earlier run left unfinished (by the ledger), published again. */
  resumed: string[];
  /** Units not published because the run was interrupted first. */
  unpublished: string[];
  interrupted: boolean;
}

/** On the deployed platform a unit whose latest row is `retrying` or `submitted` is still in flight. */
export function inFlightOnPlatform(state: Record<string, string>): boolean {
  return Object.values(state).some((s) => s === 'retrying' || s === 'submitted');
}

export async function backfill(o: BackfillOptions): Promise<BackfillResult> {
  if (o.def.unit === 'snapshot' && !o.replay)
    throw new PermanentError(
      'BACKFILL.SNAPSHOT',
      `${o.def.source} answers only "now": its units are never backfilled (locally, without a key, a window replays against the fake API)`,
    );
  const slots =
    o.def.unit === 'keyed'
      ? (o.def.keys?.() ?? []).map((k) => `key=${k}`)
      : enumerateSlots(o.from, o.to, o.def.schedule).map(formatSlot);
  const published: string[] = [];
  const skipped: string[] = [];
  const resumed: string[] = [];
  const width = String(slots.length).length;
  let batch: string[] = [];
  // Batched Spark runs: extracts first (their transform deferred), then one run per group of days.
  const batchDays =
    o.def.transform.kind === 'spark' && o.def.unit === 'window' && !o.replay
      ? Math.max(1, Math.floor(o.batchDays ?? 1))
      : 1;
  let group: string[] = [];
  const flushGroup = async () => {
    if (group.length === 0) return;
    await (o.settleExtracts ?? o.settle)(batch);
    batch = [];
    await o.publisher.publish(
      o.topic,
      { spark_batch: group },
      { source: o.def.source, origin: 'backfill' },
    );
    o.progress(
      `      one Spark run for ${group.length} day(s): ${group[0]!.slice(0, 10)} .. ${group.at(-1)!.slice(0, 10)}`,
    );
    await o.settle(group);
    group = [];
  };
  for (const [i, slot] of slots.entries()) {
    if (o.signal?.aborted) break;
    const n = `[${String(i + 1).padStart(width)}/${slots.length}]`;
    const state = await o.ledger.slotStatus(o.def.source, o.def.dataset, slot);
    if (!o.force && (state.load === 'succeeded' || (state.extract === 'empty' && !state.load))) {
      skipped.push(slot);
      o.progress(
        `${n} ${slot} already ${state.load === 'succeeded' ? 'loaded' : 'empty'}, skipped (use --force to rerun)`,
      );
      continue;
    }
    if (isUnfinished(state) && o.stillRunning?.(state)) {
      // Publishing again would start a second run beside the live one: wait for it instead.
      batch.push(slot);
      o.progress(`${n} ${slot} still in flight (${describe(state)}), waiting`);
      if (batch.length >= o.concurrency) {
        await o.settle(batch);
        batch = [];
      }
      continue;
    }
    const resume = !o.rewrite && isUnfinished(state);
    const flags = {
      ...(o.rewrite ? { force: true } : { resume: true }),
      ...(batchDays > 1 ? { batch: true } : {}),
    };
    const unit = slot.startsWith('key=') ? { key: slot.slice(4) } : { slot };
    if (o.replay) {
      // The scheduler's message a minute into the slot, as it would have fired then.
      o.replay.pin(parseSlot(slot).start + 60_000);
      await o.publisher.publish(o.topic, flags, { source: o.def.source, origin: 'replay' });
    } else
      await o.publisher.publish(
        o.topic,
        { ...unit, ...flags },
        { source: o.def.source, origin: 'backfill' },
      );
    published.push(slot);
    if (resume) resumed.push(slot);
    batch.push(slot);
    o.progress(
      resume
        ? `${n} ${slot} unfinished (${describe(state)}), published to resume`
        : `${n} ${slot} published`,
    );
    if (batchDays > 1) {
      group.push(slot);
      if (group.length >= batchDays) await flushGroup();
      else if (batch.length >= o.concurrency) {
        await (o.settleExtracts ?? o.settle)(batch);
        batch = [];
      }
      continue;
    }
    // A pinned clock is one instant: replayed slots run one at a time.
    if (batch.length >= (o.replay ? 1 : o.concurrency)) {
      await o.settle(batch);
      batch = [];
    }
  }
  // Interrupted: the group's extracts ran; their batch still runs (nothing else would transform them).
  await flushGroup();
  await o.settle(batch);
  o.replay?.pin(undefined);
  const done = new Set([...published, ...skipped]);
  const unpublished = o.signal?.aborted ? slots.filter((s) => !done.has(s)) : [];
  return {
    slots,
    published,
    skipped,
    resumed,
    unpublished,
    interrupted: o.signal?.aborted ?? false,
  };
}

/** `extract=succeeded transform=retrying`, for progress lines. */
export function describe(state: Record<string, string>): string {
  return ['extract', 'transform', 'load']
    .map((stage) => `${stage}=${state[stage] ?? '-'}`)
    .join(' ');
}

/** A slot is settled when its pipeline reached an end: loaded, empty, or failed somewhere. */
export function isSettled(state: Record<string, string>): boolean {
  const failed = ['failed', 'quarantined'];
  return (
    ['succeeded', 'check_failed', 'failed', 'quarantined'].includes(state.load ?? '') ||
    state.extract === 'empty' ||
    state.extract === 'expired' ||
    failed.includes(state.extract ?? '') ||
    failed.includes(state.transform ?? '')
  );
}

/** A slot's extract reached an end (its transform may be waiting for a batch). */
export function extractSettled(state: Record<string, string>): boolean {
  return ['succeeded', 'partial', 'empty', 'expired', 'failed', 'quarantined'].includes(
    state.extract ?? '',
  );
}

/** Cloud settle: poll the run ledger until every in-flight slot settled, or give up after timeoutMs. */
export async function waitForLedger(
  ledger: Ledger,
  def: SourceDefinition,
  slots: string[],
  o: {
    pollMs: number;
    timeoutMs: number;
    progress: (line: string) => void;
    sleep?: (ms: number) => Promise<void>;
    /** Interrupted: stop waiting (what was published runs on without us). */
    signal?: AbortSignal;
    /** When a slot counts as settled (default: its pipeline reached an end). */
    settled?: (state: Record<string, string>) => boolean;
  },
): Promise<void> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pending = new Set(slots);
  const deadline = Date.now() + o.timeoutMs;
  while (pending.size > 0) {
    if (o.signal?.aborted) return;
    for (const slot of [...pending]) {
      const state = await ledger.slotStatus(def.source, def.dataset, slot);
      if ((o.settled ?? isSettled)(state)) {
        pending.delete(slot);
        o.progress(
          `      ${slot} settled: ${Object.entries(state)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        );
      }
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      o.progress(
        `      still running after ${Math.round(o.timeoutMs / 60000)} min, moving on: ${[...pending].join(', ')}`,
      );
      return;
    }
    await sleep(o.pollMs);
  }
}
