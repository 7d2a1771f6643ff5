-- GENERATED from sql/mart/senior/senior_postings_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 7dcdbbff24bdb3c9498281c802abf238e519b6c8bbbad91d3bb429dfd5335d74
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.senior_postings_daily AS
SELECT
  COALESCE(apply_from, listed_date) AS posted_date,
  sido,
  COALESCE(employment_name, '미상') AS employment_name,
  COUNT(*) AS postings,
  SUM(headcount) AS headcount,
  COALESCE(COUNT_IF(detail_status = 'nodata'), 0) AS withdrawn
FROM core.senior_job_postings
GROUP BY
  posted_date,
  sido,
  employment_name;
