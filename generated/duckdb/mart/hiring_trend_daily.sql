-- GENERATED from sql/mart/hiring_trend_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: c4a42b3f89b8952725fe71e5f422a06c2591015e321330670e878e3bfebef9ca
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
