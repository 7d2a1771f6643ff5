/**
 * The fake `citydata_ppltn` for the local runtime and tests: answers for "now" (the runtime's
 * clock), deterministically per place and time, in the exact shapes of reference/sources.md §4:
 *   - values as strings; PPLTN_TIME `YYYY-MM-DD HH:MM` KST, ~15 min behind, on a 5-minute grid;
 *   - `RESULT` nested with dotted keys (most places), absent (codes ending in 1), or inside the
 *     array element (codes ending in 2);
 *   - no forecast (`FCST_YN: N`, no FCST_PPLTN) for codes divisible by 11;
 *   - stale places (codes divisible by 9) repeat the same PPLTN_TIME for an hour, so several
 *     20-minute slots see the same observation;
 *   - POI100 and POI128 answer INFO-200 (flat dotted keys): not live in 2026;
 *   - POI120 answers under its new name `잠실롯데타워 일대`; POI132 is a place the list lacks;
 *   - a wrong key answers INFO-100 (nested, plain keys); a bad START/END answers ERROR-33x.
 * Middle dots (광화문·덕수궁) come from the reference list itself.
 */
import type { FakeReply, FakeRequest, FakeRoute } from '../types.js';
import { places } from './places.js';

const PATH_RE = /^\/([^/]+)\/(json|xml)\/citydata_ppltn\/([^/]*)\/([^/]*)\/([^/]+)$/;
const KST = 9 * 3600_000;
const NEW_PLACE = { area_cd: 'POI132', area_nm: '신규 장소(목록에 없음)' };
const RENAMED: Record<string, string> = { POI120: '잠실롯데타워 일대' };
const NOT_LIVE = new Set(['POI100', 'POI128']);

const json = (body: unknown): FakeReply => ({
  status: 200,
  body: JSON.stringify(body),
  contentType: 'application/json;charset=utf-8',
});

function kst(t: number): string {
  return new Date(t + KST).toISOString().slice(0, 16).replace('T', ' ');
}

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** Share of a place's capacity present at a KST hour: quiet nights, busy afternoons. */
const CURVE = [
  0.3, 0.25, 0.2, 0.2, 0.2, 0.25, 0.35, 0.5, 0.65, 0.6, 0.6, 0.7, 0.8, 0.8, 0.75, 0.75, 0.8, 0.9,
  0.95, 0.9, 0.8, 0.65, 0.5, 0.4,
];

function level(ratio: number): string {
  return ratio < 0.45 ? '여유' : ratio < 0.65 ? '보통' : ratio < 0.85 ? '약간 붐빔' : '붐빔';
}

function population(code: string, t: number): { min: number; max: number; lvl: string } {
  const capacity = 5_000 + (hash(code) % 75) * 1_000;
  const hour = new Date(t + KST).getUTCHours();
  const jitter = ((hash(`${code}${t}`) % 11) - 5) / 100;
  const ratio = Math.max(0.05, CURVE[hour]! + jitter);
  const mid = Math.round((capacity * ratio) / 1000) * 1000;
  return { min: mid, max: mid + 2000, lvl: level(ratio) };
}

function record(code: string, name: string, now: number): Record<string, unknown> {
  const n = Number(code.slice(3));
  const grid = n % 9 === 0 ? 60 * 60_000 : 5 * 60_000;
  const t = Math.floor((now - 15 * 60_000) / grid) * grid;
  const p = population(code, t);
  const h = hash(`${code}/${t}`);
  const male = 45 + (h % 100) / 10;
  const ages = [2, 6, 18, 20, 18, 15, 11, 10].map((a, i) => a + ((h >> i) % 3) - 1);
  const sum = ages.reduce((a, b) => a + b, 0);
  const rates = ages.map((a) => ((a * 100) / sum).toFixed(1));
  const resident = 30 + (h % 400) / 10;
  const base: Record<string, unknown> = {
    AREA_NM: name,
    AREA_CD: code,
    AREA_CONGEST_LVL: p.lvl,
    AREA_CONGEST_MSG: `${p.lvl} 수준이에요. 이동에 참고하세요.`,
    AREA_PPLTN_MIN: String(p.min),
    AREA_PPLTN_MAX: String(p.max),
    MALE_PPLTN_RATE: male.toFixed(1),
    FEMALE_PPLTN_RATE: (100 - male).toFixed(1),
    ...Object.fromEntries(rates.map((r, i) => [`PPLTN_RATE_${i * 10}`, r])),
    RESNT_PPLTN_RATE: resident.toFixed(1),
    NON_RESNT_PPLTN_RATE: (100 - resident).toFixed(1),
    REPLACE_YN: h % 17 === 0 ? 'Y' : 'N',
    PPLTN_TIME: kst(t),
    FCST_YN: n % 11 === 0 ? 'N' : 'Y',
  };
  if (n % 11 !== 0) {
    const first = Math.floor(t / 3600_000) * 3600_000 + 3600_000;
    base.FCST_PPLTN = Array.from({ length: 12 }, (_, i) => {
      const f = population(code, first + i * 3600_000);
      return {
        FCST_TIME: kst(first + i * 3600_000),
        FCST_CONGEST_LVL: f.lvl,
        FCST_PPLTN_MIN: String(f.min),
        FCST_PPLTN_MAX: String(f.max),
      };
    });
  }
  return base;
}

export const seoulFake: FakeRoute = {
  matches: (path) => PATH_RE.test(path),
  create(_fixturesDir, key) {
    const names = new Map(places().map((p) => [p.area_cd, p.area_nm]));
    names.set(NEW_PLACE.area_cd, NEW_PLACE.area_nm);
    return (req: FakeRequest): FakeReply => {
      const [, k, , start, end, rawArea] = PATH_RE.exec(req.path)!;
      if (decodeURIComponent(k!) !== key)
        return json({
          RESULT: {
            CODE: 'INFO-100',
            MESSAGE:
              '인증키가 유효하지 않습니다. 인증키가 없는 경우, 열린 데이터 광장 홈페이지에서 인증키를 신청하십시오.',
          },
        });
      if (!/^\d+$/.test(start!) || !/^\d+$/.test(end!))
        return json({
          RESULT: {
            'RESULT.CODE': 'ERROR-333',
            'RESULT.MESSAGE': '요청위치 값의 타입이 유효하지 않습니다.',
          },
        });
      const area = decodeURIComponent(rawArea!);
      // A place may be asked for by code or by name.
      const code = names.has(area) ? area : [...names].find(([, n]) => n === area)?.[0];
      if (!code || NOT_LIVE.has(code))
        return json({ 'RESULT.CODE': 'INFO-200', 'RESULT.MESSAGE': '해당하는 데이터가 없습니다.' });
      const rec = record(code, RENAMED[code] ?? names.get(code)!, req.now);
      const result = { 'RESULT.CODE': 'INFO-000', 'RESULT.MESSAGE': '정상 처리되었습니다.' };
      const n = Number(code.slice(3));
      if (n % 10 === 1) return json({ 'SeoulRtd.citydata_ppltn': [rec] });
      if (n % 10 === 2) return json({ 'SeoulRtd.citydata_ppltn': [{ ...rec, RESULT: result }] });
      return json({ 'SeoulRtd.citydata_ppltn': [rec], RESULT: result });
    };
  },
};
