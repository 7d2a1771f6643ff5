-- GENERATED from sql/mart/ops/pipeline_failures.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: b200ae4009544c67032ccabd7d760450aa32e09c1322bad4b901e21b7409b848
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
