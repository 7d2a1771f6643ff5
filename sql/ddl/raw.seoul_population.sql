-- Table: raw.seoul_population (generated from functions/sources/seoul_population/tables.ts by `npm run generate`; do not edit)
-- Grain: the rows of core.seoul_population as each unit's curated file carries them; a unit's rows are replaced as a whole.
create table if not exists raw.seoul_population (
  area_cd string not null options (description = 'place code (POI009)'),
  area_nm string not null options (description = 'place name as the API sent it (renames show here)'),
  ppltn_time timestamp not null options (description = 'observation time'),
  congestion_level string options (description = '여유 / 보통 / 약간 붐빔 / 붐빔'),
  congestion_message string options (description = 'AREA_CONGEST_MSG'),
  population_min int64 options (description = 'AREA_PPLTN_MIN'),
  population_max int64 options (description = 'AREA_PPLTN_MAX'),
  male_rate float64 options (description = 'MALE_PPLTN_RATE, percent'),
  female_rate float64 options (description = 'FEMALE_PPLTN_RATE, percent'),
  age_0_rate float64 options (description = 'PPLTN_RATE_0, percent aged 0-9'),
  age_10_rate float64 options (description = 'PPLTN_RATE_10'),
  age_20_rate float64 options (description = 'PPLTN_RATE_20'),
  age_30_rate float64 options (description = 'PPLTN_RATE_30'),
  age_40_rate float64 options (description = 'PPLTN_RATE_40'),
  age_50_rate float64 options (description = 'PPLTN_RATE_50'),
  age_60_rate float64 options (description = 'PPLTN_RATE_60'),
  age_70_rate float64 options (description = 'PPLTN_RATE_70, percent aged 70 and over'),
  resident_rate float64 options (description = 'RESNT_PPLTN_RATE, percent'),
  non_resident_rate float64 options (description = 'NON_RESNT_PPLTN_RATE, percent'),
  is_replaced bool options (description = 'REPLACE_YN = Y: the value was substituted by the provider'),
  has_forecast bool options (description = 'FCST_YN = Y'),
  _slot_id string not null options (description = 'unit id: a slot (`2025-09-15T10:00+09:00/PT1H`) or `key=<key>`'),
  _slot_date date not null options (description = 'KST date of the unit (partition of the raw table)'),
  _raw_object string options (description = 'raw object the row was parsed from'),
  _raw_generation string options (description = 'generation of that raw object')
)
partition by _slot_date
cluster by _slot_id
options (require_partition_filter = true, description = 'core.seoul_population as loaded, one unit per load');
