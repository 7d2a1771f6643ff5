-- GENERATED from sql/ddl/raw.senior_projects.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: a25e84f4833a2d37ff8a2c019309cc64de1d75beb2ab5b45a3ad536840ad3f7e
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS raw.senior_projects (
  file_year BIGINT NOT NULL,
  page BIGINT NOT NULL,
  row_no BIGINT NOT NULL,
  record_json TEXT NOT NULL,
  _slot_id TEXT NOT NULL,
  _slot_date DATE NOT NULL,
  _raw_object TEXT,
  _raw_generation TEXT
);
