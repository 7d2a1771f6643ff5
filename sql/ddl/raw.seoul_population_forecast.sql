-- Table: raw.seoul_population_forecast (generated from functions/sources/seoul_population/tables.ts by `npm run generate`; do not edit)
-- Grain: the rows of core.seoul_population_forecast as each unit's curated file carries them; a unit's rows are replaced as a whole.
create table if not exists raw.seoul_population_forecast (
  area_cd string not null options (description = 'place code'),
  ppltn_time timestamp not null options (description = 'observation the forecast was published with'),
  fcst_time timestamp not null options (description = 'forecast hour'),
  congestion_level string options (description = 'FCST_CONGEST_LVL'),
  population_min int64 options (description = 'FCST_PPLTN_MIN'),
  population_max int64 options (description = 'FCST_PPLTN_MAX'),
  _slot_id string not null options (description = 'unit id: a slot (`2025-09-15T10:00+09:00/PT1H`) or `key=<key>`'),
  _slot_date date not null options (description = 'KST date of the unit (partition of the raw table)'),
  _raw_object string options (description = 'raw object the row was parsed from'),
  _raw_generation string options (description = 'generation of that raw object')
)
partition by _slot_date
cluster by _slot_id
options (require_partition_filter = true, description = 'core.seoul_population_forecast as loaded, one unit per load');
