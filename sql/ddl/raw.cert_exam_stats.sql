-- Table: raw.cert_exam_stats (generated from functions/sources/certs/tables.ts by `npm run generate`; do not edit)
-- Grain: the rows of core.cert_exam_stats as each unit's curated file carries them; a unit's rows are replaced as a whole.
create table if not exists raw.cert_exam_stats (
  jm_cd string not null options (description = 'Q-Net item code (jmCd), e.g. 1320'),
  base_yy int64 not null options (description = 'base year the statistics were asked for (baseYY)'),
  stage string not null options (description = 'written (getEventYearPiList) or practical (getEventYearSiList)'),
  year_index int64 not null options (description = 'index n of ilrcnt<n>/ilecnt<n>/ilpcnt<n>, 1..6'),
  year int64 options (description = 'year the index stands for: base_yy - index + 1 for 1..5; null for 6, whose meaning is unverified (not the sum of 1-5)'),
  jm_nm string options (description = 'item name as the API sent it (jmnm)'),
  registered int64 options (description = 'ilrcnt<n>: 접수자 수'),
  sat int64 options (description = 'ilecnt<n>: 응시자 수'),
  passed int64 options (description = 'ilpcnt<n>: 합격자 수'),
  _slot_id string not null options (description = 'unit id: a slot (`2025-09-15T10:00+09:00/PT1H`) or `key=<key>`'),
  _slot_date date not null options (description = 'KST date of the unit (partition of the raw table)'),
  _raw_object string options (description = 'raw object the row was parsed from'),
  _raw_generation string options (description = 'generation of that raw object')
)
partition by _slot_date
cluster by _slot_id
options (require_partition_filter = true, description = 'core.cert_exam_stats as loaded, one unit per load');
