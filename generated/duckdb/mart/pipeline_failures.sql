-- GENERATED from sql/mart/pipeline_failures.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: c821983d9e724d694efb2caa436c1a9c38efb859f9b32493e47da409b46f251d
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.pipeline_failures AS
SELECT
  run_id,
  source,
  dataset,
  slot_id,
  stage,
  status,
  error_code,
  error_message,
  object,
  finished_at,
  CAST(CAST(finished_at AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) AS day_kst
FROM ops.pipeline_runs
WHERE
  status IN ('failed', 'quarantined', 'check_failed', 'partial');
