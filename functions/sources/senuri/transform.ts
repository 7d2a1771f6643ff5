/**
 * Exchanges of one unit -> rows of core.senuri_job_list and core.senuri_job_details. The list rows
 * are the unit's postings (client.ts `unitPostings`: duplicates across pages collapsed, frDd on or
 * after the unit's day); a detail row per detail answer, NODATA (withdrawn between the calls) being
 * a row with detail_status `nodata` and every detail column null. Every value is text; a value that
 * does not fit its column (a date that is not one, a nested element where text was) is schema drift,
 * quarantined with its body, never a silent null. Age and headcount are kept as sent and parsed
 * beside (`min_age`, `headcount`) only when they are whole numbers.
 */
import { PermanentError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { RowOf } from '../../core/table.js';
import type { Unit } from '../../core/units.js';
import type { UnitRows } from '../types.js';
import { classifySenuri, isPageKey, listHash, unitPostings, ymd, type Item } from './client.js';
import { senuriJobDetails, senuriJobList } from './tables.js';

type ListRow = RowOf<typeof senuriJobList>;
type DetailRow = RowOf<typeof senuriJobDetails>;

class Drift extends Error {}

function text(item: Item, name: string): string | null {
  const v = item[name];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string')
    throw new Drift(`${name} is not text: ${JSON.stringify(v).slice(0, 60)}`);
  const s = v.trim();
  return s === '' ? null : s;
}

function date(item: Item, name: string): string | null {
  const s = text(item, name);
  if (s === null) return null;
  const d = ymd(s);
  if (!d) throw new Drift(`${name} is not YYYYMMDD: ${s.slice(0, 20)}`);
  return d;
}

/** `2026-09-01T09:12:40+09:00`, `…Z`, or no offset (KST) -> UTC ISO. */
export function instant(item: Item, name: string): string | null {
  const s = text(item, name);
  if (s === null) return null;
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) throw new Drift(`${name} is not an ISO-8601 time: ${s.slice(0, 40)}`);
  const zone = m[4]
    ? m[4] === 'Z'
      ? 'Z'
      : m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
    : '+09:00';
  const seconds = (m[3] ?? ':00').slice(0, 7);
  const t = Date.parse(`${m[1]}T${m[2]}${seconds}${zone}`);
  if (Number.isNaN(t)) throw new Drift(`${name} is not a valid time: ${s.slice(0, 40)}`);
  return new Date(t).toISOString();
}

/** `60`, `60세`, `60세 이상`, `3명` -> the number; anything else -> null (the text column keeps it). */
export function wholeNumber(s: string | null): number | null {
  const m = s === null ? null : /^(\d{1,4})\s*(세|명)?(\s*이상)?$/.exec(s);
  return m ? Number(m[1]) : null;
}

export function listRow(item: Item, unitDate: string): ListRow {
  return {
    job_id: text(item, 'jobId')!,
    recrt_title: text(item, 'recrtTitle'),
    oran_nm: text(item, 'oranNm'),
    emplym_shp: text(item, 'emplymShp'),
    emplym_shp_nm: text(item, 'emplymShpNm'),
    deadline: text(item, 'deadline'),
    fr_dd: date(item, 'frDd'),
    to_dd: date(item, 'toDd'),
    jobcls: text(item, 'jobcls'),
    jobcls_nm: text(item, 'jobclsNm'),
    organ_yn: text(item, 'organYn'),
    stm_id: text(item, 'stmId'),
    stm_nm: text(item, 'stmNm'),
    work_plc: text(item, 'workPlc'),
    work_plc_nm: text(item, 'workPlcNm'),
    acpt_mthd: text(item, 'acptMthd'),
    list_hash: listHash(item),
    listed_date: unitDate,
  };
}

const EMPTY_DETAIL = {
  wanted_title: null,
  wanted_auth_no: null,
  acpt_mthd_cd: null,
  age: null,
  min_age: null,
  age_lim: null,
  cllt_prnnum: null,
  headcount: null,
  create_dy: null,
  upd_dy: null,
  det_cnts: null,
  etc_itm: null,
  fr_acpt_dd: null,
  to_acpt_dd: null,
  homepage: null,
  lnk_stm_id: null,
  organ_yn: null,
  pl_det_addr: null,
  plbiz_nm: null,
  stm_id: null,
} as const;

export function detailRow(jobId: string, hash: string, item: Item | undefined): DetailRow {
  if (!item) return { job_id: jobId, list_hash: hash, detail_status: 'nodata', ...EMPTY_DETAIL };
  const answered = text(item, 'jobId');
  if (answered !== null && answered !== jobId)
    throw new Drift(`getJobInfo for ${jobId} answered jobId ${answered.slice(0, 40)}`);
  const age = text(item, 'age');
  const prnnum = text(item, 'clltPrnnum');
  return {
    job_id: jobId,
    list_hash: hash,
    detail_status: 'ok',
    wanted_title: text(item, 'wantedTitle'),
    wanted_auth_no: text(item, 'wantedAuthNo'),
    acpt_mthd_cd: text(item, 'acptMthdCd'),
    age,
    min_age: wholeNumber(age),
    age_lim: text(item, 'ageLim'),
    cllt_prnnum: prnnum,
    headcount: wholeNumber(prnnum),
    create_dy: instant(item, 'createDy'),
    upd_dy: instant(item, 'updDy'),
    det_cnts: text(item, 'detCnts'),
    etc_itm: text(item, 'etcItm'),
    fr_acpt_dd: date(item, 'frAcptDd'),
    to_acpt_dd: date(item, 'toAcptDd'),
    homepage: text(item, 'homepage'),
    lnk_stm_id: text(item, 'lnkStmId'),
    organ_yn: text(item, 'organYn'),
    pl_det_addr: text(item, 'plDetAddr'),
    plbiz_nm: text(item, 'plbizNm'),
    stm_id: text(item, 'stmId'),
  };
}

export function senuriToRows(
  exchanges: Exchange[],
  unit: Unit,
): { tables: UnitRows; rawRows: number } {
  const pages: Item[][] = [];
  const details: Exchange[] = [];
  for (const x of [...exchanges].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (!isPageKey(x.key)) {
      details.push(x);
      continue;
    }
    const answer = classifySenuri(x);
    if (answer.kind === 'data') pages.push(answer.items);
  }
  const postings = unitPostings(pages, unit.date);
  const list: ListRow[] = [];
  const detail: DetailRow[] = [];
  let current: Exchange | undefined;
  try {
    for (const item of postings.values()) list.push(listRow(item, unit.date));
    for (const x of details) {
      current = x;
      const item = postings.get(x.key);
      if (!item)
        throw new PermanentError(
          'SENURI.EXCHANGE',
          `detail ${x.key.slice(0, 40)} is not a posting of the unit's list pages`,
        );
      const answer = classifySenuri(x);
      const found = answer.kind === 'data' ? answer.items : [];
      if (found.length > 1)
        throw new Drift(`getJobInfo for ${x.key} answered ${found.length} items`);
      detail.push(detailRow(x.key, listHash(item), found[0]));
    }
  } catch (error) {
    if (!(error instanceof Drift)) throw error;
    throw new PermanentError('SENURI.SCHEMA_DRIFT', error.message, {
      payload: current?.body ?? JSON.stringify(pages).slice(0, 100_000),
    });
  }
  return {
    tables: { [senuriJobList.name]: list, [senuriJobDetails.name]: detail },
    rawRows: list.length,
  };
}
