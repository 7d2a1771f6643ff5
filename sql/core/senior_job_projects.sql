-- grain: one row per project plan: project year, project number and plan change number
-- materialized: table
-- tests: unique(proj_year, proj_no, proj_plan_change_no); not_null(proj_year, proj_no, proj_plan_change_no, proj_type, file_year)
-- Key: (proj_year, proj_no, proj_plan_change_no). Declared in functions/sources/senior_projects/tables.ts.
-- Input: staging.stg_senior_projects__projects (every loaded yearly file, ~100-200k rows in all).
-- Rule: synced whole after each file's load, in one MERGE (atomic: readers never see it half done):
--   new keys inserted, changed rows updated, and rows no loaded file holds any more deleted, so a
--   record that vanished from a re-published file (its file's raw rows were replaced) vanishes here.
--   Should a key sit twice (in one file, or in two files), the later file, then the later row, wins.
merge core.senior_job_projects t
using (
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
  ) = 1
) s
on t.proj_year = s.proj_year and t.proj_no = s.proj_no and t.proj_plan_change_no = s.proj_plan_change_no
when matched then
  update set
    proj_type = s.proj_type,
    proj_type_cd = s.proj_type_cd,
    proj_type_nm = s.proj_type_nm,
    cont_proj_yn = s.cont_proj_yn,
    cont_proj_start_year = s.cont_proj_start_year,
    non_budg_yn = s.non_budg_yn,
    spec_proj_cd = s.spec_proj_cd,
    proj_nm = s.proj_nm,
    adm_sido_nm = s.adm_sido_nm,
    adm_dist_nm = s.adm_dist_nm,
    institution_id = s.institution_id,
    operator_nm = s.operator_nm,
    proj_start_date = s.proj_start_date,
    proj_end_date = s.proj_end_date,
    plan_status_cd = s.plan_status_cd,
    target_employment = s.target_employment,
    del_yn = s.del_yn,
    file_year = s.file_year
when not matched by target then
  insert row
when not matched by source then
  delete;
