-- GENERATED from sql/ddl/raw.seoul_population.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 961c56a9717f254834a683b27d25320d5e787f73c60b5544c578ae50d3e7c28f
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS raw.seoul_population (
  area_cd TEXT NOT NULL,
  area_nm TEXT NOT NULL,
  ppltn_time TIMESTAMPTZ NOT NULL,
  congestion_level TEXT,
  congestion_message TEXT,
  population_min BIGINT,
  population_max BIGINT,
  male_rate DOUBLE,
  female_rate DOUBLE,
  age_0_rate DOUBLE,
  age_10_rate DOUBLE,
  age_20_rate DOUBLE,
  age_30_rate DOUBLE,
  age_40_rate DOUBLE,
  age_50_rate DOUBLE,
  age_60_rate DOUBLE,
  age_70_rate DOUBLE,
  resident_rate DOUBLE,
  non_resident_rate DOUBLE,
  is_replaced BOOLEAN,
  has_forecast BOOLEAN,
  _slot_id TEXT NOT NULL,
  _slot_date DATE NOT NULL,
  _raw_object TEXT,
  _raw_generation TEXT
);
