-- Table: core.senuri_job_details (generated from functions/sources/senuri/tables.ts by `npm run generate`; do not edit)
-- Grain: one row per posting (jobId) whose getJobInfo was asked for, as last answered. Key: (job_id).
create table if not exists core.senuri_job_details (
  job_id string not null options (description = 'jobId asked for (the `id` parameter)'),
  list_hash string not null options (description = 'list_hash of the list item the detail was fetched for: the fetch state (unchanged = not fetched again)'),
  detail_status string not null options (description = 'ok, or nodata (03: withdrawn between the list and the detail call)'),
  wanted_title string options (description = 'wantedTitle'),
  wanted_auth_no string options (description = 'wantedAuthNo: registration number'),
  acpt_mthd_cd string options (description = 'acptMthdCd: CM0801 온라인 … CM0804 방문'),
  age string options (description = 'age as sent (e.g. 60)'),
  min_age int64 options (description = 'age when it is a whole number of years (60, 60세, 60세 이상); else null, age keeps the text'),
  age_lim string options (description = 'ageLim: age-limit text (제한)'),
  cllt_prnnum string options (description = 'clltPrnnum (double n) as sent'),
  headcount int64 options (description = 'clltPrnnum when it is a whole number (3, 3명); else null, cllt_prnnum keeps the text'),
  create_dy timestamp options (description = 'createDy (an offset as sent; none = KST)'),
  upd_dy timestamp options (description = 'updDy (an offset as sent; none = KST)'),
  det_cnts string options (description = 'detCnts: body text'),
  etc_itm string options (description = 'etcItm: other notes'),
  fr_acpt_dd date options (description = 'frAcptDd: application start'),
  to_acpt_dd date options (description = 'toAcptDd: application end'),
  homepage string options (description = 'homepage URL'),
  lnk_stm_id string options (description = 'lnkStmId: linked system A/B/C'),
  organ_yn string options (description = 'organYn'),
  pl_det_addr string options (description = 'plDetAddr: address with postcode'),
  plbiz_nm string options (description = 'plbizNm: business-place name'),
  stm_id string options (description = 'stmId'),
  _last_slot_id string not null options (description = 'unit that last wrote this row')
)
cluster by job_id
options (description = 'one row per posting (jobId) whose getJobInfo was asked for, as last answered');
