-- GENERATED from sql/mart/jobs/hiring_trend_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 0f3189cdaa675cde6992e82b2dab12d5efa22b8480602b3ce35cd98f8d60d4f4
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
