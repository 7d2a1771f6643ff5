-- grain: one row per project plan: project year, project number and plan change number
-- materialized: table
-- tests: unique(proj_year, proj_no, proj_plan_change_no); not_null(proj_year, proj_no, proj_plan_change_no, proj_type, file_year)
-- Key: (proj_year, proj_no, proj_plan_change_no).
-- Input: staging.stg_senior_projects__projects (every loaded yearly file). Rebuilt whole after each
--   file's load: the files together hold ~100-200k rows, and a full rebuild is what makes a record
--   that vanished from a re-published file vanish here too (its file's raw rows were replaced).
-- Rule: one record per key; should a key sit twice (in one file, or in two files), the later file and
--   then the later row in it win.
create or replace table core.senior_job_projects
cluster by proj_year, adm_sido_nm
as
select
  proj_year,
  proj_no,
  proj_plan_change_no,
  proj_type,
  proj_type_cd,
  proj_type_nm,
  cont_proj_yn,
  cont_proj_start_year,
  non_budg_yn,
  spec_proj_cd,
  proj_nm,
  adm_sido_nm,
  adm_dist_nm,
  institution_id,
  operator_nm,
  proj_start_date,
  proj_end_date,
  plan_status_cd,
  target_employment,
  del_yn,
  file_year
from staging.stg_senior_projects__projects
qualify row_number() over (
  partition by proj_year, proj_no, proj_plan_change_no order by file_year desc, row_no desc
) = 1;
