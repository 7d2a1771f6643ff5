/**
 * Shared prologue of the object-triggered stages: decode the finalize event, find the source and
 * unit from the deterministic name, and drop stale events (a newer generation already exists, so a
 * later event will carry the current bytes) — this is what makes out-of-order delivery harmless.
 */
import {
  decodeStorageEvent,
  type CloudEventLike,
  type StorageObjectEvent,
} from '../core/events.js';
import type { Outcome, RunContext } from '../core/policy.js';
import { unitFromPath, type Unit } from '../core/units.js';
import { sourceOfObject } from '../sources/registry.js';
import type { SourceDefinition } from '../sources/types.js';
import type { StageDeps } from './deps.js';

export type ObjectWork =
  { def: SourceDefinition; unit: Unit; object: StorageObjectEvent } | { skip: Outcome };

export async function openObjectEvent(
  deps: StageDeps,
  event: CloudEventLike,
  run: RunContext,
): Promise<ObjectWork> {
  const object = decodeStorageEvent(event);
  // `_`-prefixed names are the pipeline's own markers (claims), not data.
  if (object.name.startsWith('_')) return { skip: { status: 'ignored', note: 'pipeline marker' } };
  run.object = { bucket: object.bucket, name: object.name, generation: object.generation };
  const def = sourceOfObject(object.name);
  run.source = def.source;
  run.dataset = def.dataset;
  const unit = unitFromPath(object.name, def.schedule.period);
  run.slotId = unit.id;
  const current = await deps.store.stat(object.bucket, object.name);
  if (!current) return { skip: { status: 'skipped', note: 'object no longer exists' } };
  if (BigInt(current.generation) > BigInt(object.generation)) {
    return {
      skip: {
        status: 'skipped',
        note: `stale generation ${object.generation}; current is ${current.generation}`,
      },
    };
  }
  return { def, unit, object };
}
