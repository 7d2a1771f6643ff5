-- GENERATED from sql/meta/education_levels.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: ad54f799f1cc4a4109114262287bc4df32e4033a9449c081894b82f943835e2a
-- statement 1 of 2; parameters: -
CREATE OR REPLACE TABLE meta.education_levels (
  code TEXT NOT NULL,
  name TEXT NOT NULL
);
-- statement 2 of 2; parameters: -
INSERT INTO meta.education_levels (
  code,
  name
)
VALUES
  ('0', '학력무관'),
  ('1', '고졸'),
  ('2', '전문대졸'),
  ('3', '대졸'),
  ('4', '석사'),
  ('5', '박사'),
  ('6', '고졸 이상'),
  ('7', '전문대졸 이상'),
  ('8', '대졸 이상'),
  ('9', '석사 이상');
