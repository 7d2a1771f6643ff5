-- GENERATED from sql/mart/jobs/data_job_postings_weekly.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 8dccc876446f6df12ad5f65abcafa12c1d28066d479665257e7c6b149d1057c9
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.data_job_postings_weekly AS
SELECT
  week_start,
  data_role AS role,
  region,
  industry,
  experience_group,
  COUNT(*) AS postings,
  COALESCE(COUNT_IF(open_to_new_grad), 0) AS new_grad_postings,
  COALESCE(COUNT_IF(open_to_experienced), 0) AS experienced_postings
FROM mart.data_job_postings
GROUP BY
  week_start,
  data_role,
  region,
  industry,
  experience_group;
