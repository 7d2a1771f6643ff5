-- Table: raw.senior_projects (generated from functions/sources/senior_projects/tables.ts by `npm run generate`; do not edit)
-- Grain: the rows of raw.senior_projects as each unit's curated file carries them; a unit's rows are replaced as a whole.
create table if not exists raw.senior_projects (
  file_year int64 not null options (description = 'year of the file (the unit key, files.ts)'),
  page int64 not null options (description = 'page of the file the record was on (1-based)'),
  row_no int64 not null options (description = 'position of the record in the file (1-based, page order)'),
  record_json string not null options (description = 'the record as a JSON object with its Korean column names (names differ by year)'),
  _slot_id string not null options (description = 'unit id: a slot (`2025-09-15T10:00+09:00/PT1H`) or `key=<key>`'),
  _slot_date date not null options (description = 'KST date of the unit (partition of the raw table)'),
  _raw_object string options (description = 'raw object the row was parsed from'),
  _raw_generation string options (description = 'generation of that raw object')
)
partition by _slot_date
cluster by _slot_id
options (require_partition_filter = true, description = 'raw.senior_projects as loaded, one unit per load');
