-- GENERATED from sql/mart/ops/pipeline_alerts.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: a93b198051892d3d49e2ce6cd8e4aac70d0b67a55e860da783ab22ff0338c4eb
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.pipeline_alerts AS
WITH runs AS (
  SELECT
    run_id,
    source,
    dataset,
    slot_id,
    stage,
    status,
    error_code,
    finished_at,
    LAG(status) OVER (
      PARTITION BY source, dataset, slot_id, stage
      ORDER BY finished_at NULLS FIRST, started_at NULLS FIRST
    ) AS previous_status
  FROM ops.pipeline_runs
  WHERE
    status <> 'skipped'
)
SELECT
  run_id,
  source,
  dataset,
  slot_id,
  stage,
  CASE
    WHEN status IN ('failed', 'quarantined')
    THEN 'error'
    WHEN status IN ('check_failed', 'partial')
    THEN 'warning'
    WHEN status = 'empty'
    THEN 'info'
    ELSE 'recovery'
  END AS severity,
  status,
  error_code,
  finished_at,
  CAST(CAST(finished_at AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) AS day_kst,
  1 AS alerts
FROM runs
WHERE
  status IN ('failed', 'quarantined', 'check_failed', 'partial', 'empty')
  OR (
    status = 'succeeded' AND previous_status IN ('failed', 'quarantined')
  );
