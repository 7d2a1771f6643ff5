/**
 * The CLI's window edges. A window is [from, to): `--to` is exclusive. Accepted forms:
 *   2025-09-15                   a KST calendar date (its midnight)
 *   2025-09-15T09:00[:SS]        a KST wall-clock time; with Z or +hh:mm, that offset instead
 *   now                          the current instant
 *   2025-09-15T09:00+09:00/PT1H  a slot id: as --from its start, as --to its end (the slot is included)
 * Impossible calendar values (2025-02-30, 24:00) are rejected instead of rolling over as Date.parse does.
 */
import { durationMs, parseSlot, slotEnd } from '../core/slots.js';

export class UsageError extends Error {}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One edge of a window as epoch ms; `flag` names it in errors (`--from`, `--to`). */
export function parseEdge(text: string, edge: 'from' | 'to', now: () => number = Date.now): number {
  const flag = `--${edge}`;
  const value = text.trim();
  if (value.toLowerCase() === 'now') return now();
  if (value.startsWith('-P')) {
    // Relative to now: `-PT2H` is two hours ago (a snapshot source's demo window).
    try {
      return now() - durationMs(value.slice(1));
    } catch {
      throw new UsageError(`${flag}: not an ISO duration: ${text}`);
    }
  }
  if (value.includes('/')) {
    let slot;
    try {
      slot = parseSlot(value);
    } catch (error) {
      throw new UsageError(`${flag}: ${(error as Error).message}`);
    }
    return edge === 'from' ? slot.start : slotEnd(slot);
  }
  const m = DATE_TIME.exec(value);
  if (!m) throw new UsageError(`${flag}: not an ISO time: ${text}`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) throw new UsageError(`${flag}: ${text} has no month ${mo}`);
  if (day < 1 || day > daysIn(year, month))
    throw new UsageError(
      `${flag}: ${text} is not a real date (${y}-${mo} has ${daysIn(year, month)} days)`,
    );
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    throw new UsageError(`${flag}: ${text} is not a real time of day`);
  const offset = !zone ? '+09:00' : zone.toUpperCase() === 'Z' ? 'Z' : zone;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59))
    throw new UsageError(`${flag}: ${text} has an impossible UTC offset`);
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
}

export interface Window {
  from: number;
  to: number;
}

export function parseWindow(from: string, to: string, now: () => number = Date.now): Window {
  const w = { from: parseEdge(from, 'from', now), to: parseEdge(to, 'to', now) };
  if (!(w.to > w.from)) throw new UsageError(`--to (${to}) must be after --from (${from})`);
  return w;
}

/** A window of more than this many slots needs --yes. */
export const CONFIRM_ABOVE_SLOTS = 100;
