-- GENERATED from sql/mart/senior/senior_projects_continuity.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: dd16f52bb7a1514294b7fcc803c3ab3ccb2c28e1fbf0451baffe4ee1557d130d
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.senior_projects_continuity AS
WITH plans AS (
  SELECT
    *
  FROM core.senior_job_projects
  WHERE
    COALESCE(del_yn, 'N') <> 'Y'
    AND NOT institution_id IS NULL
    AND NOT proj_nm IS NULL
), latest AS (
  SELECT
    institution_id,
    proj_nm,
    operator_nm,
    proj_type,
    adm_sido_nm,
    cont_proj_yn
  FROM plans
  QUALIFY
    ROW_NUMBER() OVER (
      PARTITION BY institution_id, proj_nm
      ORDER BY proj_year DESC, proj_plan_change_no DESC
    ) = 1
), spans AS (
  SELECT
    institution_id,
    proj_nm,
    MIN(proj_year) AS first_year,
    MAX(proj_year) AS last_year,
    COUNT(DISTINCT proj_year) AS years_seen,
    MIN(CASE WHEN cont_proj_yn = 'Y' THEN cont_proj_start_year ELSE NULL END) AS claimed_start_year,
    SUM(target_employment) AS target_employment_all_years
  FROM plans
  GROUP BY
    institution_id,
    proj_nm
)
SELECT
  s.institution_id,
  s.proj_nm,
  l.operator_nm,
  l.proj_type,
  l.adm_sido_nm AS sido,
  l.cont_proj_yn = 'Y' AS is_continuing,
  s.first_year,
  s.last_year,
  s.claimed_start_year,
  CASE
    WHEN s.first_year IS NULL OR COALESCE(s.claimed_start_year, s.first_year) IS NULL
    THEN NULL
    ELSE LEAST(s.first_year, COALESCE(s.claimed_start_year, s.first_year))
  END AS run_start_year,
  s.last_year - CASE
    WHEN s.first_year IS NULL OR COALESCE(s.claimed_start_year, s.first_year) IS NULL
    THEN NULL
    ELSE LEAST(s.first_year, COALESCE(s.claimed_start_year, s.first_year))
  END + 1 AS years_running,
  CAST(CASE
    WHEN s.first_year IS NULL OR COALESCE(s.claimed_start_year, s.first_year) IS NULL
    THEN NULL
    ELSE LEAST(s.first_year, COALESCE(s.claimed_start_year, s.first_year))
  END AS TEXT) || '-' || CAST(s.last_year AS TEXT) AS period,
  s.years_seen,
  s.target_employment_all_years,
  1 AS programmes
FROM spans AS s
INNER JOIN latest AS l
  USING (institution_id, proj_nm);
