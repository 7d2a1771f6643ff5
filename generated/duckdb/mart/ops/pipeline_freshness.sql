-- GENERATED from sql/mart/ops/pipeline_freshness.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 20dad91a86504fede33587f8202e10f18901cf5a13557bac26cba0ed30585381
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.pipeline_freshness AS
SELECT
  source,
  dataset,
  MAX(CASE WHEN stage = 'load' AND status = 'succeeded' THEN slot_id END) AS latest_slot,
  MAX(CASE WHEN stage = 'load' AND status = 'succeeded' THEN finished_at END) AS last_loaded_at,
  ROUND(
    DATE_SUB(
      'SECOND',
      MAX(CASE WHEN stage = 'load' AND status = 'succeeded' THEN finished_at END),
      CURRENT_TIMESTAMP
    ) / 3600,
    2
  ) AS hours_since_load,
  COALESCE(COUNT_IF(stage = 'load' AND status = 'succeeded'), 0) AS loads,
  COALESCE(COUNT_IF(status IN ('failed', 'quarantined', 'check_failed', 'partial')), 0) AS failures,
  MAX(finished_at) AS last_run_at
FROM ops.pipeline_runs
GROUP BY
  source,
  dataset;
