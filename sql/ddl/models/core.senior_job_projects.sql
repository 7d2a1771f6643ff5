-- Table: core.senior_job_projects (generated from functions/sources/models.ts by `npm run generate`; do not edit)
-- Grain: one row per project plan: project year, project number and plan change number. Key: (proj_year, proj_no, proj_plan_change_no).
create table if not exists core.senior_job_projects (
  proj_year int64 not null options (description = '사업년도: project year'),
  proj_no string not null options (description = '사업번호: project number (per year)'),
  proj_plan_change_no int64 not null options (description = '사업계획변경순번: plan change number (1, 2, ...)'),
  proj_type string not null options (description = '사업유형: 공익활동 / 사회서비스형 / 시장형 / 인력파견형 / 취업알선형'),
  proj_type_cd string options (description = 'the code in 사업유형코드 `이름(코드)`; null when it has none'),
  proj_type_nm string options (description = 'the name in 사업유형코드 `이름(코드)` (the whole value when no code)'),
  cont_proj_yn string options (description = '계속사업여부: Y for a project continued from an earlier year'),
  cont_proj_start_year int64 options (description = '계속사업시작년도 / 계속사업시작연도: year a continuing project began'),
  non_budg_yn string options (description = '비예산여부 Y/N, or 예산구분 read as 비예산 -> Y, 예산 -> N'),
  spec_proj_cd string options (description = '특수사업명코드'),
  proj_nm string options (description = '사업명: project name'),
  adm_sido_nm string options (description = 'province (시도): the first word of 관할시군구'),
  adm_dist_nm string options (description = '관할시군구: district as the file names it (`서울특별시 강남구`)'),
  institution_id string options (description = '기관아이디: the running institution'),
  operator_nm string options (description = '수행기관명: the running institution by name (newer files only)'),
  proj_start_date date options (description = '사업기간시작일 (YYYYMMDD or YYYY-MM-DD in the file)'),
  proj_end_date date options (description = '사업기간종료일'),
  plan_status_cd string options (description = '사업계획서상태코드: 102PC 승인완료, 102AA 임시, 102RJ 반려, 102DR 삭제요청'),
  target_employment int64 options (description = '목표일자리수: target number of jobs'),
  del_yn string options (description = '삭제여부: Y for a deleted plan'),
  file_year int64 not null options (description = 'year of the file the row came from')
)
cluster by proj_year, adm_sido_nm
options (description = 'one row per project plan: project year, project number and plan change number');
