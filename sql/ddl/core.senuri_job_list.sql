-- Table: core.senuri_job_list (generated from functions/sources/senuri/tables.ts by `npm run generate`; do not edit)
-- Grain: one row per posting (jobId) as getJobList last listed it. Key: (job_id).
create table if not exists core.senuri_job_list (
  job_id string not null options (description = 'jobId: RECR_… (100세누리) or a 워크넷-style id'),
  recrt_title string options (description = 'recrtTitle: posting title'),
  oran_nm string options (description = 'oranNm: company or organisation name'),
  emplym_shp string options (description = 'emplymShp: CM0101 정규직 … CM0105 기타 (CHAR padding trimmed)'),
  emplym_shp_nm string options (description = 'emplymShpNm: employment type name'),
  deadline string options (description = 'deadline: 접수중 / 마감 when listed'),
  fr_dd date options (description = 'frDd: application start (KST date)'),
  to_dd date options (description = 'toDd: application end (KST date)'),
  jobcls string options (description = 'jobcls: job class code'),
  jobcls_nm string options (description = 'jobclsNm: job class name'),
  organ_yn string options (description = 'organYn: N = 대민, Y = 업무'),
  stm_id string options (description = 'stmId: A 100세누리, B 워크넷, C 일모아'),
  stm_nm string options (description = 'stmNm: source system name'),
  work_plc string options (description = 'workPlc: work-place code'),
  work_plc_nm string options (description = 'workPlcNm: work-place name (often empty)'),
  acpt_mthd string options (description = 'acptMthd: application method text'),
  list_hash string not null options (description = 'sha256 of the list item as parsed: a change means the posting changed'),
  listed_date date not null options (description = 'KST date of the unit that last listed the posting'),
  _last_slot_id string not null options (description = 'unit that last wrote this row')
)
cluster by job_id
options (description = 'one row per posting (jobId) as getJobList last listed it');
