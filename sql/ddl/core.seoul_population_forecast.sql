-- Table: core.seoul_population_forecast (generated from functions/sources/seoul_population/tables.ts by `npm run generate`; do not edit)
-- Grain: one row per place, observation time and forecast hour (FCST_PPLTN). Key: (area_cd, ppltn_time, fcst_time).
create table if not exists core.seoul_population_forecast (
  area_cd string not null options (description = 'place code'),
  ppltn_time timestamp not null options (description = 'observation the forecast was published with'),
  fcst_time timestamp not null options (description = 'forecast hour'),
  congestion_level string options (description = 'FCST_CONGEST_LVL'),
  population_min int64 options (description = 'FCST_PPLTN_MIN'),
  population_max int64 options (description = 'FCST_PPLTN_MAX'),
  _last_slot_id string not null options (description = 'unit that last wrote this row')
)
partition by date(ppltn_time)
cluster by area_cd
options (require_partition_filter = true, description = 'one row per place, observation time and forecast hour (FCST_PPLTN)');
