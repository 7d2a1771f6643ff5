-- GENERATED from sql/ddl/core.seoul_population_forecast.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: f9c1ebca2446cc3b610680c9464e2ee2b7fe3f1960a5284d5ef54c3c7998a5c5
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS core.seoul_population_forecast (
  area_cd TEXT NOT NULL,
  ppltn_time TIMESTAMPTZ NOT NULL,
  fcst_time TIMESTAMPTZ NOT NULL,
  congestion_level TEXT,
  population_min BIGINT,
  population_max BIGINT,
  _last_slot_id TEXT NOT NULL
);
