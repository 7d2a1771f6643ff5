-- GENERATED from sql/ddl/raw.search_interest.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: e9076d083be55c6d1f4b163c89c8b673d304d83c7aafdb533ae349de7890c475
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS raw.search_interest (
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
  _slot_id TEXT NOT NULL,
  _slot_date DATE NOT NULL,
  _raw_object TEXT,
  _raw_generation TEXT
);
