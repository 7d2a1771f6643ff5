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

export function seniorProjectsToRows(
  exchanges: Exchange[],
  unit: Unit,
): { tables: UnitRows; rawRows: number } {
  const file = fileOf(unit.key);
  if (!file) throw new PermanentError('SENIOR_PROJECTS.BAD_KEY', `not a file unit: ${unit.id}`);
  const pages: { x: Exchange; page: Page }[] = exchanges.map((x) => ({ x, page: classifyPage(x) }));
  pages.sort((a, b) => a.page.page - b.page.page);
  pages.forEach(({ x, page }, i) => {
    if (x.key !== pageKey(page.page) || page.page !== i + 1)
      throw new PermanentError(
        'SENIOR_PROJECTS.EXCHANGE',
        `exchange ${x.key} holds page ${page.page}; pages must run 1..${pages.length}`,
      );
  });
  const perPage = pages[0]?.page.perPage ?? 1;
  try {
    checkCoverage(
      pages.map((p) => p.page),
      perPage,
    );
  } catch (error) {
    // The raw object will not change: what the extract would retry is permanent here.
    const e = error as Error & { code?: string };
    throw new PermanentError(e.code ?? 'SENIOR_PROJECTS.SHAPE', e.message);
  }
  const rows: Row[] = [];
  for (const { x, page } of pages)
    page.data.forEach((record, i) => {
      const problem = recordProblem(record);
      if (problem)
        throw new PermanentError(
          'SENIOR_PROJECTS.SCHEMA_DRIFT',
          `${file.year} page ${page.page} record ${i + 1}: ${problem}`,
          { payload: x.body },
        );
      rows.push({
        file_year: file.year,
        page: page.page,
        row_no: (page.page - 1) * perPage + i + 1,
        record_json: JSON.stringify(record),
      });
    });
  return { tables: { [seniorProjectsRaw.name]: rows }, rawRows: rows.length };
}
