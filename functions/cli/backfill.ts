/**
 * Backfill as a first-class action: enumerate the window's units (slots on the source's schedule,
 * or a keyed source's keys), skip the ones the ledger shows loaded (unless forced), and publish one
 * extract message per unit — the same idempotent path a scheduled run takes — keeping at most
 * `concurrency` units in flight.
 * Snapshot sources are never backfilled: the API only answers "now". Locally, against the fake API,
 * `replay` pins the runtime's clock to each slot in turn and publishes the scheduled (time-less)
 * message, so a window of a snapshot source can be replayed the way the scheduler would have run it.
 */
import { PermanentError } from '../core/errors.js';
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
}

export interface BackfillResult {
  slots: string[];
  published: string[];
  skipped: string[];
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
  const width = String(slots.length).length;
  let batch: string[] = [];
  for (const [i, slot] of slots.entries()) {
    const n = `[${String(i + 1).padStart(width)}/${slots.length}]`;
    if (!o.force) {
      const state = await o.ledger.slotStatus(o.def.source, o.def.dataset, slot);
      if (state.load === 'succeeded' || (state.extract === 'empty' && !state.load)) {
        skipped.push(slot);
        o.progress(
          `${n} ${slot} already ${state.load === 'succeeded' ? 'loaded' : 'empty'}, skipped (use --force to rerun)`,
        );
        continue;
      }
    }
    const unit = slot.startsWith('key=') ? { key: slot.slice(4) } : { slot };
    if (o.replay) {
      // The scheduler's message a minute into the slot, as it would have fired then.
      o.replay.pin(parseSlot(slot).start + 60_000);
      await o.publisher.publish(o.topic, o.rewrite ? { force: true } : {}, {
        source: o.def.source,
        origin: 'replay',
      });
    } else
      await o.publisher.publish(o.topic, o.rewrite ? { ...unit, force: true } : unit, {
        source: o.def.source,
        origin: 'backfill',
      });
    published.push(slot);
    batch.push(slot);
    o.progress(`${n} ${slot} published`);
    // A pinned clock is one instant: replayed slots run one at a time.
    if (batch.length >= (o.replay ? 1 : o.concurrency)) {
      await o.settle(batch);
      batch = [];
    }
  }
  await o.settle(batch);
  o.replay?.pin(undefined);
  return { slots, published, skipped };
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
  },
): Promise<void> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pending = new Set(slots);
  const deadline = Date.now() + o.timeoutMs;
  while (pending.size > 0) {
    for (const slot of [...pending]) {
      const state = await ledger.slotStatus(def.source, def.dataset, slot);
      if (isSettled(state)) {
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
