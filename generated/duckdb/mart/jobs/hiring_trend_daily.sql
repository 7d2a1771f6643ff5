-- GENERATED from sql/mart/jobs/hiring_trend_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: a84d0267c6ad1f2e26abf9f126822e9ffb9134a2bb035ffa3d10493e0a858be8
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.hiring_trend_daily AS
SELECT
  posted_date,
  data_role,
  region,
  COUNT(*) AS postings
FROM mart.data_job_postings
GROUP BY
  posted_date,
  data_role,
  region;
