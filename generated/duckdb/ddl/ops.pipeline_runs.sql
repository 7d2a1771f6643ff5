-- GENERATED from sql/ddl/ops.pipeline_runs.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 0a707910209dd37b23ff6bd2c996dca8549876f18307e036dee5dede25531e1b
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS ops.pipeline_runs (
  run_id TEXT NOT NULL,
  source TEXT NOT NULL,
  dataset TEXT NOT NULL,
  slot_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  status TEXT NOT NULL,
  object TEXT,
  generation TEXT,
  content_md5 TEXT,
  rows_in BIGINT,
  rows_out BIGINT,
  api_total BIGINT,
  error_code TEXT,
  error_message TEXT,
  attempt BIGINT,
  event_id TEXT,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL,
  duration_ms BIGINT
);
