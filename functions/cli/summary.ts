/** The run summary: one row per slot from the ledger's latest state, plus totals. */
import type { Warehouse } from '../core/ports.js';

export interface SlotSummary {
  slot: string;
  extract: string;
  transform: string;
  load: string;
  api_total: number | null;
  raw_rows: number | null;
  curated_rows: number | null;
  loaded_rows: number | null;
  object: string | null;
}

/** Latest non-skipped row per slot and stage of one source (GoogleSQL; validated by ZetaSQL in test/sql). */
export const SUMMARY_SQL = `select slot_id, stage, status, rows_in, rows_out, api_total, object
     from ops.pipeline_runs
     where source = @source and dataset = @dataset and status != 'skipped'
     qualify row_number() over (partition by slot_id, stage order by finished_at desc, started_at desc) = 1`;

export async function summarize(
  warehouse: Warehouse,
  source: string,
  dataset: string,
  slots: string[],
): Promise<SlotSummary[]> {
  if (slots.length === 0) return [];
  const rows = await warehouse.query(SUMMARY_SQL, { source, dataset });
  const by = new Map<string, Record<string, Record<string, unknown>>>();
  for (const r of rows) {
    const slot = String(r.slot_id);
    by.set(slot, { ...(by.get(slot) ?? {}), [String(r.stage)]: r });
  }
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return slots.map((slot) => {
    const s = by.get(slot) ?? {};
    return {
      slot,
      extract: String(s.extract?.status ?? '-'),
      transform: String(s.transform?.status ?? '-'),
      load: String(s.load?.status ?? '-'),
      api_total: num(s.extract?.api_total),
      raw_rows: num(s.extract?.rows_out),
      curated_rows: num(s.transform?.rows_out),
      loaded_rows: num(s.load?.rows_out),
      object: (s.extract?.object as string | null | undefined) ?? null,
    };
  });
}

export function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => [...cell(r[c])].length)));
  const line = (vals: string[]) =>
    vals.map((v, i) => v + ' '.repeat(Math.max(0, widths[i]! - [...v].length))).join('  ');
  return [
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}
