/**
 * Exchanges -> rows of core.seoul_population and core.seoul_population_forecast. Every value
 * arrives as a string; a value that is not what its column needs (an object where a number was,
 * text in a number) is schema drift, never a silent null. Failed and empty answers were recorded
 * by the extract and carry no rows. PPLTN_TIME / FCST_TIME are KST without offset; stored as UTC.
 */
import { PermanentError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { RowOf } from '../../core/table.js';
import type { UnitRows } from '../types.js';
import { classifySeoul } from './client.js';
import { seoulPopulation, seoulPopulationForecast } from './tables.js';

type Json = Record<string, unknown>;

class Drift extends Error {}

function text(o: Json, field: string): string | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' && typeof v !== 'number')
    throw new Drift(`${field} is ${JSON.stringify(v).slice(0, 60)}`);
  const s = String(v).trim();
  return s === '' ? null : s;
}

function required(o: Json, field: string): string {
  const v = text(o, field);
  if (v === null) throw new Drift(`${field} is missing`);
  return v;
}

function num(o: Json, field: string, integer: boolean): number | null {
  const s = text(o, field);
  if (s === null || s === '-') return null;
  const n = Number(s.replaceAll(',', ''));
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new Drift(`${field} is not a number: ${s.slice(0, 40)}`);
  return n;
}

function yn(o: Json, field: string): boolean | null {
  const s = text(o, field);
  if (s === null) return null;
  if (s !== 'Y' && s !== 'N') throw new Drift(`${field} is not Y/N: ${s.slice(0, 20)}`);
  return s === 'Y';
}

/** `2026-07-16 23:10` (KST, no offset) -> `2026-07-16T14:10:00.000Z`. */
export function kstToUtc(o: Json, field: string): string {
  const s = required(o, field);
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(?::\d{2})?$/.exec(s);
  const t = m ? Date.parse(`${m[1]}T${m[2]}:00+09:00`) : NaN;
  if (Number.isNaN(t)) throw new Drift(`${field} is not YYYY-MM-DD HH:MM: ${s.slice(0, 30)}`);
  return new Date(t).toISOString();
}

export function observationRows(record: Json): {
  observation: RowOf<typeof seoulPopulation>;
  forecasts: RowOf<typeof seoulPopulationForecast>[];
} {
  const ppltn_time = kstToUtc(record, 'PPLTN_TIME');
  const area_cd = required(record, 'AREA_CD');
  const rate = (f: string) => num(record, f, false);
  const fc = record.FCST_PPLTN;
  if (fc !== undefined && fc !== null && fc !== '' && !Array.isArray(fc))
    throw new Drift(`FCST_PPLTN is ${typeof fc}, not a list`);
  const forecasts = (Array.isArray(fc) ? fc : []).map((f: unknown) => {
    if (!f || typeof f !== 'object' || Array.isArray(f))
      throw new Drift('a FCST_PPLTN entry is not an object');
    const e = f as Json;
    return {
      area_cd,
      ppltn_time,
      fcst_time: kstToUtc(e, 'FCST_TIME'),
      congestion_level: text(e, 'FCST_CONGEST_LVL'),
      population_min: num(e, 'FCST_PPLTN_MIN', true),
      population_max: num(e, 'FCST_PPLTN_MAX', true),
    };
  });
  return {
    observation: {
      area_cd,
      area_nm: required(record, 'AREA_NM'),
      ppltn_time,
      congestion_level: text(record, 'AREA_CONGEST_LVL'),
      congestion_message: text(record, 'AREA_CONGEST_MSG'),
      population_min: num(record, 'AREA_PPLTN_MIN', true),
      population_max: num(record, 'AREA_PPLTN_MAX', true),
      male_rate: rate('MALE_PPLTN_RATE'),
      female_rate: rate('FEMALE_PPLTN_RATE'),
      age_0_rate: rate('PPLTN_RATE_0'),
      age_10_rate: rate('PPLTN_RATE_10'),
      age_20_rate: rate('PPLTN_RATE_20'),
      age_30_rate: rate('PPLTN_RATE_30'),
      age_40_rate: rate('PPLTN_RATE_40'),
      age_50_rate: rate('PPLTN_RATE_50'),
      age_60_rate: rate('PPLTN_RATE_60'),
      age_70_rate: rate('PPLTN_RATE_70'),
      resident_rate: rate('RESNT_PPLTN_RATE'),
      non_resident_rate: rate('NON_RESNT_PPLTN_RATE'),
      is_replaced: yn(record, 'REPLACE_YN'),
      has_forecast: yn(record, 'FCST_YN'),
    },
    forecasts,
  };
}

export function seoulToRows(exchanges: Exchange[]): { tables: UnitRows; rawRows: number } {
  const observations: Json[] = [];
  const forecasts: Json[] = [];
  for (const x of exchanges) {
    const answer = classifySeoul(x);
    if (answer.kind !== 'data') continue;
    for (const record of answer.records) {
      try {
        const rows = observationRows(record);
        observations.push(rows.observation);
        forecasts.push(...rows.forecasts);
      } catch (error) {
        if (!(error instanceof Drift)) throw error;
        throw new PermanentError(
          'SEOUL_POPULATION.SCHEMA_DRIFT',
          `place ${x.key}: ${error.message}`,
          { payload: x.body },
        );
      }
    }
  }
  return {
    tables: { [seoulPopulation.name]: observations, [seoulPopulationForecast.name]: forecasts },
    rawRows: observations.length,
  };
}
