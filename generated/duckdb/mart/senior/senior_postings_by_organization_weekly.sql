-- GENERATED from sql/mart/senior/senior_postings_by_organization_weekly.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 17a9819b885782a436e543ec1d473a80df05a3c8323116060299aab918964636
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.senior_postings_by_organization_weekly AS
SELECT
  CAST(DATE_TRUNC('WEEK', COALESCE(apply_from, listed_date)) AS DATE) AS week_start,
  COALESCE(organization_name, '미상') AS organization_name,
  COUNT(*) AS postings,
  SUM(headcount) AS headcount
FROM core.senior_job_postings
GROUP BY
  week_start,
  organization_name;
