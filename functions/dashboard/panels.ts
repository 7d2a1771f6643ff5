/**
 * Dashboard panels come from the marts themselves: a mart's SQL file carries one
 * `-- dashboard: {json}` comment line per panel it feeds. Adding a mart with such a line adds a panel;
 * no dashboard code changes. Other header lines (`-- Model:`, `-- materialized: ... | grain: ...`)
 * are not ours and are ignored; a `-- dashboard:` line that does not parse is an error naming the file.
 *
 *   -- dashboard: {"page": "hiring", "title": "Postings per day", "chart": "line", "x": "posted_date",
 *   --             "y": "postings", "series": "data_role", "filters": {"date": "posted_date"}}
 *   (one line in the file)
 *
 * Fields: page (pages.ts lists the known ones; another id makes a new page), title, chart (line, bar,
 * heatmap, table), x, y (a column or several: one line or bar series each), series (a column whose
 * values split y into series), value (heatmap cell), columns (table), agg (how rows sharing x and
 * series combine: sum by default), filters (filter kind -> this mart's column), labels (filter kind ->
 * the column that names a filter value in the picker, e.g. ticker -> name), where (fixed
 * equality filters), latest (keep only rows at that column's maximum), sort ("value", "x" or a
 * column) + order, limit (top x values, heatmap rows or table rows), stack, empty (the text when no
 * row is left).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SQL_DIR } from '../sqlfiles.js';

export const FILTER_KINDS = ['date', 'region', 'role', 'place', 'ticker'] as const;
export type FilterKind = (typeof FILTER_KINDS)[number];

const column = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a column name');

export const PanelSpec = z
  .object({
    page: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a page id (lower case)'),
    title: z.string().min(1),
    chart: z.enum(['line', 'bar', 'heatmap', 'table']),
    x: column.optional(),
    y: z.union([column, z.array(column).min(1)]).optional(),
    series: column.optional(),
    value: column.optional(),
    columns: z.array(column).min(1).optional(),
    agg: z.enum(['sum', 'avg', 'max', 'min']).default('sum'),
    filters: z.partialRecord(z.enum(FILTER_KINDS), column).default({}),
    labels: z.partialRecord(z.enum(FILTER_KINDS), column).default({}),
    where: z.record(column, z.union([z.string(), z.number()])).default({}),
    latest: column.optional(),
    sort: z.string().optional(),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().positive().optional(),
    stack: z.boolean().default(false),
    empty: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const need = (field: 'x' | 'y' | 'value' | 'columns') => {
      if (p[field] === undefined)
        ctx.addIssue({ code: 'custom', message: `a ${p.chart} panel needs "${field}"` });
    };
    if (p.chart === 'table') need('columns');
    else {
      need('x');
      need(p.chart === 'heatmap' ? 'value' : 'y');
    }
    if (p.chart === 'heatmap') need('y');
  });

export type PanelSpec = z.infer<typeof PanelSpec>;

export interface Panel extends PanelSpec {
  /** Stable id: the mart and the panel's position among its lines (stock_prices_daily-1). */
  id: string;
  /** Dataset-qualified view name, e.g. mart.hiring_trend_daily. */
  mart: string;
  /** sql/ path of the file that declares the panel. */
  file: string;
}

const LINE = /^--\s*dashboard:\s*(.*)$/;
const VIEW = /create\s+(?:or\s+replace\s+)?view\s+([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)/i;

/** The panels one mart file declares (none when it has no `-- dashboard:` line). */
export function parsePanels(sql: string, file: string): Panel[] {
  const lines = sql.split('\n').filter((l) => LINE.test(l.trim()));
  if (lines.length === 0) return [];
  const mart = VIEW.exec(sql)?.[1];
  if (!mart) throw new Error(`${file}: a -- dashboard: line needs a create view statement`);
  const stem = mart.split('.')[1]!;
  return lines.map((line, i) => {
    const text = LINE.exec(line.trim())![1]!;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(
        `${file}: -- dashboard: line ${i + 1} is not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const parsed = PanelSpec.safeParse(json);
    if (!parsed.success)
      throw new Error(
        `${file}: -- dashboard: line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'panel'}: ${x.message}`).join('; ')}`,
      );
    return { ...parsed.data, id: `${stem}-${i + 1}`, mart, file };
  });
}

/** Every panel declared under sql/mart/, in file order then line order. */
export function loadPanels(sqlDir = SQL_DIR): Panel[] {
  const dir = join(sqlDir, 'mart');
  // Marts live in area folders (sql/mart/<area>/<mart>.sql).
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => parsePanels(readFileSync(join(dir, f), 'utf8'), `mart/${f}`));
}

/** The columns a panel reads (the dashboard selects only these from its mart). */
export function panelColumns(p: Panel): string[] {
  const ys = p.y === undefined ? [] : Array.isArray(p.y) ? p.y : [p.y];
  const cols = [
    p.x,
    ...ys,
    p.series,
    p.value,
    ...(p.columns ?? []),
    ...Object.values(p.filters),
    ...Object.values(p.labels),
    ...Object.keys(p.where),
    p.latest,
    p.sort && !['value', 'x'].includes(p.sort) ? p.sort : undefined,
  ];
  return [...new Set(cols.filter((c): c is string => c !== undefined))];
}
