-- GENERATED from sql/meta/close_types.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 17aff286f27cd81ea341cb260fbbc69b73125f5bc297f4355935607d563c55f5
-- statement 1 of 2; parameters: -
CREATE OR REPLACE TABLE meta.close_types (
  code TEXT NOT NULL,
  name TEXT NOT NULL
);
-- statement 2 of 2; parameters: -
INSERT INTO meta.close_types (
  code,
  name
)
VALUES
  ('1', '접수마감일'),
  ('2', '채용시'),
  ('3', '상시'),
  ('4', '수시');
