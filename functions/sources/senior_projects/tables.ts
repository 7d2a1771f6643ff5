/**
 * Raw landing rows of the yearly files, declared once (see core/table.ts): each record as the API
 * sent it (its Korean keys, as JSON), with the file and place it came from. Loaded in `raw` mode: a
 * unit (`key=<year>`) replaces its own rows as a whole, so a record that vanished from a re-published
 * file is gone. The staging model (sql/staging/senior_projects/) renames the per-year columns into
 * one English schema; core.senior_job_projects is built from it after each load.
 */
import { col, table } from '../../core/table.js';

export const seniorProjectsRaw = table({
  name: 'raw.senior_projects',
  grain: 'one row per record of a yearly file, exactly as its page carried it',
  columns: {
    file_year: col.int64('year of the file (the unit key, files.ts)', 'REQUIRED'),
    page: col.int64('page of the file the record was on (1-based)', 'REQUIRED'),
    row_no: col.int64('position of the record in the file (1-based, page order)', 'REQUIRED'),
    record_json: col.string(
      'the record as a JSON object with its Korean column names (names differ by year)',
      'REQUIRED',
    ),
  },
  key: ['file_year', 'row_no'],
  clusterBy: ['file_year'],
});
