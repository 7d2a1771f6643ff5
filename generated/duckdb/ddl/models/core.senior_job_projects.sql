-- GENERATED from sql/ddl/models/core.senior_job_projects.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: d215e4b6b475e6206cc820721e56287dbb2197019a14f48d5d24b207220d6b7a
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS core.senior_job_projects (
  proj_year BIGINT NOT NULL,
  proj_no TEXT NOT NULL,
  proj_plan_change_no BIGINT NOT NULL,
  proj_type TEXT NOT NULL,
  proj_type_cd TEXT,
  proj_type_nm TEXT,
  cont_proj_yn TEXT,
  cont_proj_start_year BIGINT,
  non_budg_yn TEXT,
  spec_proj_cd TEXT,
  proj_nm TEXT,
  adm_sido_nm TEXT,
  adm_dist_nm TEXT,
  institution_id TEXT,
  operator_nm TEXT,
  proj_start_date DATE,
  proj_end_date DATE,
  plan_status_cd TEXT,
  target_employment BIGINT,
  del_yn TEXT,
  file_year BIGINT NOT NULL
);
