/**
 * Logical time. Every unit of work is (source, dataset, slot); a slot is one schedule interval,
 * written `2026-11-23T10:00+09:00/PT1H`. Korea has no daylight saving, so the Asia/Seoul calendar
 * is UTC+09:00 all year and slot arithmetic is plain integer arithmetic on epoch milliseconds.
 */
import { PermanentError } from './errors.js';

export type Period = 'PT20M' | 'PT1H' | 'P1D';

export interface Schedule {
  /** Length of one slot. */
  period: Period;
  /** How long after a slot ends its data is complete at the source (ISO duration, e.g. PT1H). */
  lag: string;
  /** Daily slots on Korean business days only (weekends skipped; holidays surface as empty slots). */
  businessDaysOnly?: boolean;
}

export interface Slot {
  /** Slot start, epoch ms. */
  start: number;
  period: Period;
}

const KST_OFFSET_MS = 9 * 3600_000;
const PERIOD_MS: Record<Period, number> = { PT20M: 20 * 60_000, PT1H: 3600_000, P1D: 86_400_000 };

export function periodMs(period: Period): number {
  return PERIOD_MS[period];
}

export function slotEnd(slot: Slot): number {
  return slot.start + PERIOD_MS[slot.period];
}

/** Parses a restricted ISO-8601 duration (PnD, PTnH, PTnM, combinations). */
export function durationMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T'))
    throw new PermanentError('SLOT.BAD_DURATION', `not an ISO duration: ${iso}`);
  const [, d, h, min] = m;
  return (Number(d ?? 0) * 24 * 60 + Number(h ?? 0) * 60 + Number(min ?? 0)) * 60_000;
}

/** The slot of `period` that contains instant `t`, on the Asia/Seoul grid. */
export function slotContaining(t: number, period: Period): Slot {
  const size = PERIOD_MS[period];
  const local = t + KST_OFFSET_MS;
  return { start: Math.floor(local / size) * size - KST_OFFSET_MS, period };
}

/** KST calendar parts of an instant. */
export function kstParts(t: number): { date: string; hhmm: string; weekday: number } {
  const d = new Date(t + KST_OFFSET_MS);
  const iso = d.toISOString();
  return {
    date: iso.slice(0, 10),
    hhmm: iso.slice(11, 13) + iso.slice(14, 16),
    weekday: d.getUTCDay(),
  };
}

export function isBusinessDay(t: number): boolean {
  const { weekday } = kstParts(t);
  return weekday !== 0 && weekday !== 6;
}

/**
 * The slot a scheduled (time-less) message covers: the slot containing publishTime minus the lag.
 * For business-day schedules it is the last business day on or before that instant.
 */
export function scheduledSlot(publishTime: number, schedule: Schedule): Slot {
  let slot = slotContaining(publishTime - durationMs(schedule.lag), schedule.period);
  if (schedule.businessDaysOnly) {
    while (!isBusinessDay(slot.start)) slot = { ...slot, start: slot.start - PERIOD_MS.P1D };
  }
  return slot;
}

/** Every slot whose start lies in [from, to), skipping non-business days where the schedule says so. */
export function enumerateSlots(from: number, to: number, schedule: Schedule): Slot[] {
  const slots: Slot[] = [];
  let slot = slotContaining(from, schedule.period);
  if (slot.start < from) slot = { ...slot, start: slotEnd(slot) };
  for (; slot.start < to; slot = { ...slot, start: slotEnd(slot) }) {
    if (!schedule.businessDaysOnly || isBusinessDay(slot.start)) slots.push(slot);
  }
  return slots;
}

/** `2026-11-23T10:00+09:00/PT1H` */
export function formatSlot(slot: Slot): string {
  const { date, hhmm } = kstParts(slot.start);
  return `${date}T${hhmm.slice(0, 2)}:${hhmm.slice(2)}+09:00/${slot.period}`;
}

export function parseSlot(id: string): Slot {
  const m =
    /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2}))\/(PT20M|PT1H|P1D)$/.exec(id);
  if (!m)
    throw new PermanentError('SLOT.MALFORMED', `not a slot id: ${JSON.stringify(id).slice(0, 80)}`);
  const start = Date.parse(m[1]!);
  const period = m[2] as Period;
  if (Number.isNaN(start) || slotContaining(start, period).start !== start) {
    throw new PermanentError('SLOT.OFF_GRID', `slot ${id} is not aligned to the ${period} grid`);
  }
  return { start, period };
}

/**
 * Parses a user-supplied instant; a bare date means KST midnight. `now` and a negative ISO duration
 * (`-PT2H`: two hours ago) are relative to `now`.
 */
export function parseInstant(text: string, now = Date.now()): number {
  if (text === 'now') return now;
  if (text.startsWith('-P')) return now - durationMs(text.slice(1));
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? `${text}T00:00:00+09:00`
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text)
      ? text
      : `${text}+09:00`;
  const t = Date.parse(withZone);
  if (Number.isNaN(t)) throw new PermanentError('SLOT.BAD_TIME', `not an ISO time: ${text}`);
  return t;
}

/** Deterministic object-name fragment for a slot: `dt=2026-11-23/slot=1000`. */
export function slotPath(slot: Slot): string {
  const { date, hhmm } = kstParts(slot.start);
  return `dt=${date}/slot=${hhmm}`;
}

/** Inverse of slotPath (the period comes from the dataset's schedule). */
export function slotFromPath(path: string, period: Period): Slot {
  const m = /dt=(\d{4}-\d{2}-\d{2})\/slot=(\d{2})(\d{2})/.exec(path);
  if (!m) throw new PermanentError('SLOT.PATH', `no slot in object name: ${path.slice(0, 200)}`);
  return parseSlot(`${m[1]}T${m[2]}:${m[3]}+09:00/${period}`);
}

/** `YYYYMMDD` of the slot's KST date, used for partition decorators and data.go.kr `basDt`. */
export function slotYmd(slot: Slot): string {
  return kstParts(slot.start).date.replaceAll('-', '');
}
