-- Table: core.cert_exam_stats (generated from functions/sources/certs/tables.ts by `npm run generate`; do not edit)
-- Grain: one row per certification item, base year asked for, stage (written or practical) and year index 1..6 of the answer. Key: (jm_cd, base_yy, stage, year_index).
create table if not exists core.cert_exam_stats (
  jm_cd string not null options (description = 'Q-Net item code (jmCd), e.g. 1320'),
  base_yy int64 not null options (description = 'base year the statistics were asked for (baseYY)'),
  stage string not null options (description = 'written (getEventYearPiList) or practical (getEventYearSiList)'),
  year_index int64 not null options (description = 'index n of ilrcnt<n>/ilecnt<n>/ilpcnt<n>, 1..6'),
  year int64 options (description = 'year the index stands for: base_yy - index + 1 for 1..5; null for 6, whose meaning is unverified (not the sum of 1-5)'),
  jm_nm string options (description = 'item name as the API sent it (jmnm)'),
  registered int64 options (description = 'ilrcnt<n>: 접수자 수'),
  sat int64 options (description = 'ilecnt<n>: 응시자 수'),
  passed int64 options (description = 'ilpcnt<n>: 합격자 수')
)
cluster by jm_cd
options (description = 'one row per certification item, base year asked for, stage (written or practical) and year index 1..6 of the answer');
