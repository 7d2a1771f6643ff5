/** Deterministic object names: running a slot again overwrites the same object. */
import { slotPath, type Slot } from '../core/slots.js';
import type { SourceDefinition } from '../sources/types.js';

export function rawObjectName(def: SourceDefinition, slot: Slot): string {
  return `${def.source}/${def.dataset}/${slotPath(slot)}.${def.rawExtension}`;
}

export function curatedObjectName(def: SourceDefinition, slot: Slot): string {
  return `${def.source}/${def.dataset}/${slotPath(slot)}.ndjson`;
}

/** Folder a Spark job writes Parquet part files and `_SUCCESS` into. */
export function curatedFolderName(def: SourceDefinition, slot: Slot): string {
  return `${def.source}/${def.dataset}/${slotPath(slot)}`;
}

/** BigQuery job ids allow [A-Za-z0-9_-], up to 1024 characters. */
export function jobId(kind: string, def: SourceDefinition, slot: Slot, generation: string): string {
  return `${kind}_${def.source}_${def.dataset}_${slotPath(slot).replace(/\W+/g, '')}_${generation}`.replace(
    /[^\w-]/g,
    '_',
  );
}
