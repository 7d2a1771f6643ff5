/**
 * Query parameters the sql/ files may use, and their GoogleSQL types. One table for every engine:
 * the BigQuery adapter types its named parameters from it, the DuckDB translation turns them into
 * typed literals, and the ZetaSQL validation declares them.
 */
export const SQL_PARAM_TYPES = {
  slot_id: 'STRING',
  slot_start: 'TIMESTAMP',
  slot_end: 'TIMESTAMP',
  slot_date: 'DATE',
  source: 'STRING',
  dataset: 'STRING',
  // the run ledger's own queries (core/ledger.ts)
  stage: 'STRING',
  event_id: 'STRING',
  /** A model run's partitions: `[range_start, range_end)` of its event-time (DATE) column. */
  range_start: 'DATE',
  range_end: 'DATE',
} as const;

export type SqlParamName = keyof typeof SQL_PARAM_TYPES;
export type SqlParams = Partial<Record<SqlParamName, string | Date>>;

/** One slot's unit of work, as the SQL files see it. */
export interface SlotWindow {
  source: string;
  dataset: string;
  slotId: string;
  slotStart: Date;
  slotEnd: Date;
  /** KST date of the slot, `YYYY-MM-DD`. */
  slotDate: string;
}

/** The parameters of one slot's unit of work. */
export function slotParams(p: SlotWindow): SqlParams {
  return {
    source: p.source,
    dataset: p.dataset,
    slot_id: p.slotId,
    slot_start: p.slotStart,
    slot_end: p.slotEnd,
    slot_date: p.slotDate,
  };
}
