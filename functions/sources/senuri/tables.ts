/**
 * The tables 100세누리 (SenuriService) fills, declared once (see core/table.ts). Both are merged on
 * `job_id` (the later unit wins), and core.senior_job_postings (sql/core/) joins them.
 * Column names follow the API's field names in snake case so a value can be traced to its tag.
 * Contact persons and phone numbers (`clerk`, `clerkContt`, `repr`, `updrId`) stay in the raw
 * objects only: the warehouse does not need them.
 */
import { col, table } from '../../core/table.js';

export const senuriJobList = table({
  name: 'core.senuri_job_list',
  grain: 'one row per posting (jobId) as getJobList last listed it',
  columns: {
    job_id: col.string('jobId: RECR_… (100세누리) or a 워크넷-style id', 'REQUIRED'),
    recrt_title: col.string('recrtTitle: posting title'),
    oran_nm: col.string('oranNm: company or organisation name'),
    emplym_shp: col.string('emplymShp: CM0101 정규직 … CM0105 기타 (CHAR padding trimmed)'),
    emplym_shp_nm: col.string('emplymShpNm: employment type name'),
    deadline: col.string('deadline: 접수중 / 마감 when listed'),
    fr_dd: col.date('frDd: application start (KST date)'),
    to_dd: col.date('toDd: application end (KST date)'),
    jobcls: col.string('jobcls: job class code'),
    jobcls_nm: col.string('jobclsNm: job class name'),
    organ_yn: col.string('organYn: N = 대민, Y = 업무'),
    stm_id: col.string('stmId: A 100세누리, B 워크넷, C 일모아'),
    stm_nm: col.string('stmNm: source system name'),
    work_plc: col.string('workPlc: work-place code'),
    work_plc_nm: col.string('workPlcNm: work-place name (often empty)'),
    acpt_mthd: col.string('acptMthd: application method text'),
    list_hash: col.string(
      'sha256 of the list item as parsed: a change means the posting changed',
      'REQUIRED',
    ),
    listed_date: col.date('KST date of the unit that last listed the posting', 'REQUIRED'),
  },
  key: ['job_id'],
  clusterBy: ['job_id'],
});

export const senuriJobDetails = table({
  name: 'core.senuri_job_details',
  grain: 'one row per posting (jobId) whose getJobInfo was asked for, as last answered',
  columns: {
    job_id: col.string('jobId asked for (the `id` parameter)', 'REQUIRED'),
    list_hash: col.string(
      'list_hash of the list item the detail was fetched for: the fetch state (unchanged = not fetched again)',
      'REQUIRED',
    ),
    detail_status: col.string(
      'ok, or nodata (03: withdrawn between the list and the detail call)',
      'REQUIRED',
    ),
    wanted_title: col.string('wantedTitle'),
    wanted_auth_no: col.string('wantedAuthNo: registration number'),
    acpt_mthd_cd: col.string('acptMthdCd: CM0801 온라인 … CM0804 방문'),
    age: col.string('age as sent (e.g. 60)'),
    min_age: col.int64(
      'age when it is a whole number of years (60, 60세, 60세 이상); else null, age keeps the text',
    ),
    age_lim: col.string('ageLim: age-limit text (제한)'),
    cllt_prnnum: col.string('clltPrnnum (double n) as sent'),
    headcount: col.int64(
      'clltPrnnum when it is a whole number (3, 3명); else null, cllt_prnnum keeps the text',
    ),
    create_dy: col.timestamp('createDy (an offset as sent; none = KST)'),
    upd_dy: col.timestamp('updDy (an offset as sent; none = KST)'),
    det_cnts: col.string('detCnts: body text'),
    etc_itm: col.string('etcItm: other notes'),
    fr_acpt_dd: col.date('frAcptDd: application start'),
    to_acpt_dd: col.date('toAcptDd: application end'),
    homepage: col.string('homepage URL'),
    lnk_stm_id: col.string('lnkStmId: linked system A/B/C'),
    organ_yn: col.string('organYn'),
    pl_det_addr: col.string('plDetAddr: address with postcode'),
    plbiz_nm: col.string('plbizNm: business-place name'),
    stm_id: col.string('stmId'),
  },
  key: ['job_id'],
  clusterBy: ['job_id'],
});
