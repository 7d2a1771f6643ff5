-- GENERATED from sql/ddl/core.seoul_population.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: ee68b1e2ef920ab110f09445763b01d57c9217c20a43fa8cac1939ae62a07b71
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS core.seoul_population (
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
  _last_slot_id TEXT NOT NULL
);
