/** The tables Seoul real-time population fills, declared once (see core/table.ts). */
import { col, table } from '../../core/table.js';

export const seoulPopulation = table({
  name: 'core.seoul_population',
  grain: 'one row per place and observation time (PPLTN_TIME, KST in the payload, stored UTC)',
  columns: {
    area_cd: col.string('place code (POI009)', 'REQUIRED'),
    area_nm: col.string('place name as the API sent it (renames show here)', 'REQUIRED'),
    ppltn_time: col.timestamp('observation time', 'REQUIRED'),
    congestion_level: col.string('여유 / 보통 / 약간 붐빔 / 붐빔'),
    congestion_message: col.string('AREA_CONGEST_MSG'),
    population_min: col.int64('AREA_PPLTN_MIN'),
    population_max: col.int64('AREA_PPLTN_MAX'),
    male_rate: col.float64('MALE_PPLTN_RATE, percent'),
    female_rate: col.float64('FEMALE_PPLTN_RATE, percent'),
    age_0_rate: col.float64('PPLTN_RATE_0, percent aged 0-9'),
    age_10_rate: col.float64('PPLTN_RATE_10'),
    age_20_rate: col.float64('PPLTN_RATE_20'),
    age_30_rate: col.float64('PPLTN_RATE_30'),
    age_40_rate: col.float64('PPLTN_RATE_40'),
    age_50_rate: col.float64('PPLTN_RATE_50'),
    age_60_rate: col.float64('PPLTN_RATE_60'),
    age_70_rate: col.float64('PPLTN_RATE_70, percent aged 70 and over'),
    resident_rate: col.float64('RESNT_PPLTN_RATE, percent'),
    non_resident_rate: col.float64('NON_RESNT_PPLTN_RATE, percent'),
    is_replaced: col.bool('REPLACE_YN = Y: the value was substituted by the provider'),
    has_forecast: col.bool('FCST_YN = Y'),
  },
  key: ['area_cd', 'ppltn_time'],
  partitionBy: 'ppltn_time',
  clusterBy: ['area_cd'],
});

export const seoulPopulationForecast = table({
  name: 'core.seoul_population_forecast',
  grain: 'one row per place, observation time and forecast hour (FCST_PPLTN)',
  columns: {
    area_cd: col.string('place code', 'REQUIRED'),
    ppltn_time: col.timestamp('observation the forecast was published with', 'REQUIRED'),
    fcst_time: col.timestamp('forecast hour', 'REQUIRED'),
    congestion_level: col.string('FCST_CONGEST_LVL'),
    population_min: col.int64('FCST_PPLTN_MIN'),
    population_max: col.int64('FCST_PPLTN_MAX'),
  },
  key: ['area_cd', 'ppltn_time', 'fcst_time'],
  partitionBy: 'ppltn_time',
  clusterBy: ['area_cd'],
});
