-- GENERATED from sql/mart/jobs/hiring_trend_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: e94aa6280044c95b4ad6d195536c8ab6651616a949618d67f4160a94fb789376
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.hiring_trend_daily AS
SELECT
  p.posted_date,
  p.data_role,
  COALESCE(l.name, '미상') AS region,
  COUNT(*) AS postings
FROM mart.data_job_postings AS p
LEFT JOIN meta.locations AS l
  ON l.prefix = SUBSTRING(p.primary_location_code, 1, 3)
GROUP BY
  p.posted_date,
  p.data_role,
  region;
