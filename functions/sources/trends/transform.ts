/**
 * Exchanges of one unit -> rows of core.search_interest: per request group, per point and keyword.
 * Failed and empty groups were recorded by the extract and carry no rows. A point whose fields are not
 * what they must be (a value that is not an integer 0-100, `value` and `hasData` not one per keyword,
 * a time that is not Unix seconds) is schema drift: the unit is quarantined with the body, never
 * loaded with guessed values. `time` is the bucket start (UTC seconds); `point_date` its KST date.
 */
import { PermanentError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { RowOf } from '../../core/table.js';
import type { UnitRows } from '../types.js';
import { kstDate, readGroup, type Json, type RawSeries } from './parse.js';
import { searchInterest } from './tables.js';

type Row = RowOf<typeof searchInterest>;

class Drift extends Error {}

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function int0to100(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100)
    throw new Drift(`${what} is ${JSON.stringify(v)?.slice(0, 40)}, not an integer 0-100`);
  return v;
}

function bool(v: unknown, what: string, absent: boolean): boolean {
  if (v === undefined) return absent;
  if (typeof v !== 'boolean')
    throw new Drift(`${what} is ${JSON.stringify(v).slice(0, 40)}, not a boolean`);
  return v;
}

/** The columns every point of a comparison shares, whichever API answered. */
function pointKey(s: RawSeries, group: string, keyword: string, t: number) {
  return {
    keyword,
    keyword_group: group,
    geo: s.geo,
    window_start: s.window.start,
    window_end: s.window.end,
    point_time: new Date(t).toISOString(),
    point_date: kstDate(t),
  };
}

function unofficialRows(s: RawSeries, group: string): Row[] {
  const rows: Row[] = [];
  s.points.forEach((p, i) => {
    if (!isObject(p)) throw new Drift(`timelineData[${i}] is not an object`);
    const seconds = typeof p.time === 'string' && /^\d{9,11}$/.test(p.time) ? Number(p.time) : NaN;
    if (Number.isNaN(seconds))
      throw new Drift(`timelineData[${i}].time is ${JSON.stringify(p.time)?.slice(0, 30)}`);
    const { value, hasData } = p;
    if (!Array.isArray(value) || value.length !== s.keywords.length)
      throw new Drift(`timelineData[${i}].value is not ${s.keywords.length} values`);
    if (!Array.isArray(hasData) || hasData.length !== s.keywords.length)
      throw new Drift(`timelineData[${i}].hasData is not ${s.keywords.length} booleans`);
    const t = seconds * 1000;
    s.keywords.forEach((keyword, k) =>
      rows.push({
        ...pointKey(s, group, keyword, t),
        value: int0to100(value[k], `timelineData[${i}].value[${k}]`),
        official_interest: null,
        has_data: bool(hasData[k], `timelineData[${i}].hasData[${k}]`, true),
        is_partial: bool(p.isPartial, `timelineData[${i}].isPartial`, false),
        api: 'unofficial',
      }),
    );
  });
  return rows;
}

function officialRows(s: RawSeries, group: string): Row[] {
  return s.points.map((p, i) => {
    if (!isObject(p) || !isObject(p.timeRange)) throw new Drift(`points[${i}] has no timeRange`);
    const t = typeof p.timeRange.startTime === 'string' ? Date.parse(p.timeRange.startTime) : NaN;
    if (Number.isNaN(t)) throw new Drift(`points[${i}].timeRange.startTime is not RFC3339`);
    const si = p.searchInterest;
    if (si !== undefined && (typeof si !== 'number' || !Number.isFinite(si) || si < 0))
      throw new Drift(`points[${i}].searchInterest is ${JSON.stringify(si)?.slice(0, 40)}`);
    // A point without a scaled value has too little volume: the official form of hasData false.
    const scaled = p.scaledSearchInterest;
    const hasData = scaled !== undefined && scaled !== null;
    return {
      ...pointKey(s, group, s.keywords[0]!, t),
      value: hasData ? int0to100(scaled, `points[${i}].scaledSearchInterest`) : 0,
      official_interest: typeof si === 'number' ? si : null,
      has_data: hasData,
      is_partial: bool(p.isPartial, `points[${i}].isPartial`, false),
      api: 'official',
    };
  });
}

export function trendsToRows(exchanges: Exchange[]): { tables: UnitRows; rawRows: number } {
  const byGroup = new Map<string, Exchange[]>();
  for (const x of exchanges) byGroup.set(x.key, [...(byGroup.get(x.key) ?? []), x]);
  const rows: Row[] = [];
  for (const [group, list] of byGroup) {
    const answer = readGroup(list);
    if (answer.kind !== 'data') continue;
    for (const s of answer.series)
      try {
        rows.push(...(s.api === 'unofficial' ? unofficialRows(s, group) : officialRows(s, group)));
      } catch (error) {
        if (!(error instanceof Drift)) throw error;
        throw new PermanentError('TRENDS.SCHEMA_DRIFT', `group ${group}: ${error.message}`, {
          payload: list.map((x) => x.body).join('\n'),
        });
      }
  }
  return { tables: { [searchInterest.name]: rows }, rawRows: rows.length };
}
