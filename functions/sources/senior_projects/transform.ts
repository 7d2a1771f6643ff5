/**
 * Exchanges of one yearly file -> raw.senior_projects rows, one per record, page by page. Every record
 * is checked against the known columns and value kinds (columns.ts) first: drift (an unknown column,
 * a count sent as an object, a date in a third format) quarantines the unit with the offending page,
 * never loads a row the staging model would read as null. Pages are classified again (the raw object
 * is the input), so an answer the extract should have refused cannot slip through.
 */
import { PermanentError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { RowOf } from '../../core/table.js';
import type { Unit } from '../../core/units.js';
import type { UnitRows } from '../types.js';
import { checkCoverage, classifyPage, pageKey, type Page } from './client.js';
import { recordProblem } from './columns.js';
import { fileOf } from './files.js';
import { seniorProjectsRaw } from './tables.js';

type Row = RowOf<typeof seniorProjectsRaw>;

const pageOfKey = (key: string) => Number(/^page-(\d+)$/.exec(key)?.[1] ?? NaN);

/**
 * Pages -> rows, each page checked on its own (its key, its records); `summary` is the pages'
 * headers for `checkProjectPages`. The transform stage calls it one page at a time (perExchange),
 * so a yearly file never holds all its rows at once.
 */
export function seniorProjectsPageRows(
  exchanges: Exchange[],
  unit: Unit,
): { tables: UnitRows; rawRows: number; summary: Page[] } {
  const file = fileOf(unit.key);
  if (!file) throw new PermanentError('SENIOR_PROJECTS.BAD_KEY', `not a file unit: ${unit.id}`);
  const headers: Page[] = [];
  const rows: Row[] = [];
  for (const x of exchanges) {
    const { data, ...header } = classifyPage(x);
    if (x.key !== pageKey(header.page))
      throw new PermanentError(
        'SENIOR_PROJECTS.EXCHANGE',
        `exchange ${x.key} holds page ${header.page}`,
      );
    headers.push({ ...header, data: [] });
    data.forEach((record, i) => {
      const problem = recordProblem(record);
      if (problem)
        throw new PermanentError(
          'SENIOR_PROJECTS.SCHEMA_DRIFT',
          `${file.year} page ${header.page} record ${i + 1}: ${problem}`,
          { payload: x.body },
        );
      rows.push({
        file_year: file.year,
        page: header.page,
        row_no: (header.page - 1) * header.perPage + i + 1,
        record_json: JSON.stringify(record),
      });
    });
  }
  return { tables: { [seniorProjectsRaw.name]: rows }, rawRows: rows.length, summary: headers };
}

/** The unit-wide checks: the pages run 1..N and hold what page 1's totalCount promised. */
export function checkProjectPages(summaries: unknown[]): void {
  const headers = (summaries as Page[][]).flat().sort((a, b) => a.page - b.page);
  headers.forEach((h, n) => {
    if (h.page !== n + 1)
      throw new PermanentError(
        'SENIOR_PROJECTS.EXCHANGE',
        `page ${h.page} where page ${n + 1} belongs; pages must run 1..${headers.length}`,
      );
  });
  try {
    checkCoverage(headers, headers[0]?.perPage ?? 1);
  } catch (error) {
    // The raw object will not change: what the extract would retry is permanent here.
    const e = error as Error & { code?: string };
    throw new PermanentError(e.code ?? 'SENIOR_PROJECTS.SHAPE', e.message);
  }
}

/** A whole unit at once (any page order): every page's rows, then the unit-wide checks. */
export function seniorProjectsToRows(
  exchanges: Exchange[],
  unit: Unit,
): { tables: UnitRows; rawRows: number } {
  const ordered = [...exchanges].sort((a, b) => pageOfKey(a.key) - pageOfKey(b.key));
  const { summary, ...out } = seniorProjectsPageRows(ordered, unit);
  checkProjectPages([summary]);
  return out;
}
