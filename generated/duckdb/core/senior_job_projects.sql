-- GENERATED from sql/core/senior_job_projects.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 2302dbc23ad4a62ad26691f0149dc2a1ae75e215e75096135f3792868ec2cdbb
-- statement 1 of 1; parameters: -
CREATE OR REPLACE TABLE core.senior_job_projects AS
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
  ) = 1;
