-- GENERATED from sql/mart/senior/senior_projects_by_region.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: ac2eb869afdf212daee3495b4a4941f587eefcecbe6e8f8a1b843440bb4b365b
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.senior_projects_by_region AS
WITH latest_plan AS (
  SELECT
    *
  FROM core.senior_job_projects
  WHERE
    COALESCE(del_yn, 'N') <> 'Y'
  QUALIFY
    ROW_NUMBER() OVER (PARTITION BY proj_year, proj_no ORDER BY proj_plan_change_no DESC) = 1
)
SELECT
  proj_year,
  adm_sido_nm AS sido,
  proj_type,
  COUNT(*) AS projects,
  COALESCE(COUNT_IF(cont_proj_yn = 'Y'), 0) AS continuing_projects,
  SUM(target_employment) AS target_employment
FROM latest_plan
GROUP BY
  proj_year,
  adm_sido_nm,
  proj_type;
