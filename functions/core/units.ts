/**
 * Units of work, of three kinds (ARCHITECTURE.md §2):
 *   window   — a past interval the API can be asked for (saramin, stock): a schedule slot
 *   snapshot — "now" for an API that only answers the present (seoul_population): also a schedule
 *              slot, but never backfilled, and an event older than about one period is `expired`
 *   keyed    — a named file or key with a full refresh (yearly files, an item and year): `key=<key>`
 * A unit's id, object-name fragment and SQL window all derive from it, so names, job ids, the
 * ledger and backfill treat the three alike.
 */
import { PermanentError } from './errors.js';
import {
  formatSlot,
  kstParts,
  parseSlot,
  slotEnd,
  slotFromPath,
  slotPath,
  type Period,
  type Slot,
} from './slots.js';

export type UnitKind = 'window' | 'snapshot' | 'keyed';

export interface Unit {
  /** `2025-09-15T10:00+09:00/PT1H` or `key=2023`. */
  id: string;
  /** Object-name fragment: `dt=2025-09-15/slot=1000` or `key=2023`. */
  path: string;
  /** Set for window and snapshot units. */
  slot?: Slot;
  /** Set for keyed units. */
  key?: string;
  start: Date;
  end: Date;
  /** KST date the unit's rows are filed under (`YYYY-MM-DD`). */
  date: string;
}

const KEY_RE = /^[A-Za-z0-9_.-]{1,100}$/;
/** Keyed units have no time; their raw rows share one partition date. */
export const KEYED_UNIT_DATE = '1970-01-01';

export function slotUnit(slot: Slot): Unit {
  return {
    id: formatSlot(slot),
    path: slotPath(slot),
    slot,
    start: new Date(slot.start),
    end: new Date(slotEnd(slot)),
    date: kstParts(slot.start).date,
  };
}

export function keyUnit(key: string): Unit {
  if (!KEY_RE.test(key))
    throw new PermanentError(
      'UNIT.BAD_KEY',
      `unit keys are 1-100 of [A-Za-z0-9_.-], got ${JSON.stringify(key).slice(0, 80)}`,
    );
  const epoch = new Date(`${KEYED_UNIT_DATE}T00:00:00Z`);
  return {
    id: `key=${key}`,
    path: `key=${key}`,
    key,
    start: epoch,
    end: epoch,
    date: KEYED_UNIT_DATE,
  };
}

/** A unit id as a message or the CLI names it. */
export function parseUnitId(id: string): Unit {
  return id.startsWith('key=') ? keyUnit(id.slice(4)) : slotUnit(parseSlot(id));
}

/** The unit of a deterministic object name (`.../key=2023.jsonl` or `.../dt=.../slot=HHMM...`). */
export function unitFromPath(name: string, period: Period): Unit {
  const key = /\/key=([^/]+?)(?:\.[a-z]+)?(?:\/|$)/.exec(name);
  return key ? keyUnit(key[1]!) : slotUnit(slotFromPath(name, period));
}

/** The SQL parameters of a unit (sql/ files use @slot_id, @slot_date, @slot_start, @slot_end). */
export function unitWindow(source: string, dataset: string, unit: Unit) {
  return {
    source,
    dataset,
    slotId: unit.id,
    slotStart: unit.start,
    slotEnd: unit.end,
    slotDate: unit.date,
  };
}
