-- GENERATED from sql/ddl/raw.seoul_population_forecast.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 17ddc0bcc154265867e730132c29484e6d593a7f3474ce56500f59acb19673ca
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS raw.seoul_population_forecast (
  area_cd TEXT NOT NULL,
  ppltn_time TIMESTAMPTZ NOT NULL,
  fcst_time TIMESTAMPTZ NOT NULL,
  congestion_level TEXT,
  population_min BIGINT,
  population_max BIGINT,
  _slot_id TEXT NOT NULL,
  _slot_date DATE NOT NULL,
  _raw_object TEXT,
  _raw_generation TEXT
);
