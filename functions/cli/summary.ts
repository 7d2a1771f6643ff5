/** The run summary: one row per slot with what this run did to it, plus totals. */
import { createRequire } from 'node:module';
import type { Warehouse } from '../core/ports.js';

let wideWidth: ((text: string) => number) | undefined;

/**
 * Terminal columns of a cell. Printable ASCII is one column a character; anything else (Korean is
 * two) is measured by string-width, loaded on first need: its Unicode tables are a visible part
 * of the start-up of a `pipeline query` that prints only ASCII.
 */
function stringWidth(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  wideWidth ??= (
    createRequire(import.meta.url)('string-width') as { default: (text: string) => number }
  ).default;
  return wideWidth(text);
}

/**
 * What this run did to a slot:
 *   loaded     loaded into the core table
 *   empty      the API had nothing for it
 *   unchanged  extracted again, same bytes as last time: nothing downstream ran (a no-op)
 *   skipped    not attempted: the ledger already showed it loaded (backfill without --force)
 *   failed     a stage failed, was quarantined or is still retrying; check_failed: loaded but a check failed
 *   running    handed to an asynchronous engine that has not reported back yet
 *   incomplete started (by this or an earlier run) but not loaded: a rerun resumes it
 *   -          nothing recorded by this run
 */
export type Outcome =
  | 'loaded'
  | 'empty'
  | 'unchanged'
  | 'skipped'
  | 'failed'
  | 'check_failed'
  | 'running'
  | 'incomplete'
  | '-';

export interface SlotSummary {
  slot: string;
  outcome: Outcome;
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
export const SUMMARY_SQL = `select slot_id, stage, status, rows_in, rows_out, api_total, object, started_at
     from ops.pipeline_runs
     where source = @source and dataset = @dataset and status != 'skipped'
     qualify row_number() over (partition by slot_id, stage order by finished_at desc, started_at desc) = 1`;

const FAILED = ['failed', 'quarantined', 'retrying'];

export function outcomeOf(stages: { extract: string; transform: string; load: string }): Outcome {
  const all = [stages.extract, stages.transform, stages.load];
  if (all.some((s) => FAILED.includes(s))) return 'failed';
  if (stages.load === 'check_failed') return 'check_failed';
  if (stages.load === 'succeeded') return 'loaded';
  if (stages.extract === 'empty') return 'empty';
  if (stages.transform === 'submitted') return 'running';
  if (stages.extract === 'succeeded' && stages.transform === '-' && stages.load === '-')
    return 'unchanged';
  return '-';
}

/**
 * One row per slot of the window, from ledger rows this run wrote (started at or after `since`):
 * a stage whose latest row is older than the run did not run this time and shows as '-'.
 */
export async function summarize(
  warehouse: Warehouse,
  source: string,
  dataset: string,
  slots: string[],
  since: Date,
  skipped: ReadonlySet<string> = new Set(),
): Promise<SlotSummary[]> {
  if (slots.length === 0) return [];
  const rows = await warehouse.query(SUMMARY_SQL, { source, dataset });
  const by = new Map<string, Record<string, Record<string, unknown>>>();
  for (const r of rows) {
    const started = r.started_at instanceof Date ? r.started_at : new Date(String(r.started_at));
    if (started.getTime() < since.getTime()) continue;
    const slot = String(r.slot_id);
    by.set(slot, { ...(by.get(slot) ?? {}), [String(r.stage)]: r });
  }
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return slots.map((slot) => {
    const s = by.get(slot) ?? {};
    const stages = {
      extract: String(s.extract?.status ?? '-'),
      transform: String(s.transform?.status ?? '-'),
      load: String(s.load?.status ?? '-'),
    };
    return {
      slot,
      outcome: skipped.has(slot) ? 'skipped' : outcomeOf(stages),
      ...stages,
      api_total: num(s.extract?.api_total),
      raw_rows: num(s.extract?.rows_out),
      curated_rows: num(s.transform?.rows_out),
      loaded_rows: num(s.load?.rows_out),
      object: (s.extract?.object as string | null | undefined) ?? null,
    };
  });
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A plain-text table aligned by display width (Hangul and other wide characters take two columns). */
export function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]!);
  const numeric = cols.map((c) => rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const widths = cols.map((c) =>
    Math.max(stringWidth(c), ...rows.map((r) => stringWidth(cell(r[c])))),
  );
  const pad = (v: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, widths[i]! - stringWidth(v)));
    return numeric[i] ? fill + v : v + fill;
  };
  const line = (vals: string[]) => vals.map(pad).join('  ').trimEnd();
  return [
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}
