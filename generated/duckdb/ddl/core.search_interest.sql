-- GENERATED from sql/ddl/core.search_interest.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: f7d38e270b931b702c13a68a087c8290e0ffefae629fb3488b7a3253e8101378
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS core.search_interest (
  keyword TEXT NOT NULL,
  keyword_group TEXT NOT NULL,
  geo TEXT NOT NULL,
  window_start DATE NOT NULL,
  window_end DATE NOT NULL,
  point_time TIMESTAMPTZ NOT NULL,
  point_date DATE NOT NULL,
  value BIGINT NOT NULL,
  official_interest DOUBLE,
  has_data BOOLEAN NOT NULL,
  is_partial BOOLEAN NOT NULL,
  api TEXT NOT NULL,
  _last_slot_id TEXT NOT NULL
);
