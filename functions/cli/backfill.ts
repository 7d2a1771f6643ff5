/**
 * Backfill as a first-class action: enumerate the window's slots on the source's schedule, skip the
 * ones the ledger shows loaded (unless forced), and publish one extract message per slot — the same
 * idempotent path a scheduled run takes — keeping at most `concurrency` slots in flight.
 */
import type { Ledger, Publisher } from '../core/ports.js';
import { enumerateSlots, formatSlot } from '../core/slots.js';
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
  /** Resolves when the slots published so far have settled enough to publish more (local: the bus drained). */
  settle: () => Promise<void>;
  progress: (line: string) => void;
}

export interface BackfillResult {
  slots: string[];
  published: string[];
  skipped: string[];
}

export async function backfill(o: BackfillOptions): Promise<BackfillResult> {
  const slots = enumerateSlots(o.from, o.to, o.def.schedule).map(formatSlot);
  const published: string[] = [];
  const skipped: string[] = [];
  const width = String(slots.length).length;
  let batch = 0;
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
    await o.publisher.publish(o.topic, o.rewrite ? { slot, force: true } : { slot }, {
      source: o.def.source,
      origin: 'backfill',
    });
    published.push(slot);
    o.progress(`${n} ${slot} published`);
    if (++batch >= o.concurrency) {
      await o.settle();
      batch = 0;
    }
  }
  await o.settle();
  return { slots, published, skipped };
}
