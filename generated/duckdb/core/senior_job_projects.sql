-- GENERATED from sql/core/senior_job_projects.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: ea7c9b3476a51c1ef438852e649587bb104eba4a46540e8f1c5226cdf43f9751
-- statement 1 of 1; parameters: -
MERGE INTO core.senior_job_projects AS t
USING (
  SELECT
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
  FROM staging.stg_senior_projects__projects
  QUALIFY
    ROW_NUMBER() OVER (
      PARTITION BY proj_year, proj_no, proj_plan_change_no
      ORDER BY file_year DESC, row_no DESC
    ) = 1
) AS s
ON t.proj_year = s.proj_year
AND t.proj_no = s.proj_no
AND t.proj_plan_change_no = s.proj_plan_change_no
WHEN MATCHED THEN UPDATE SET
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
WHEN NOT MATCHED THEN INSERT *
WHEN NOT MATCHED BY SOURCE THEN delete;
