-- GENERATED from sql/meta/experience_levels.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 2e453b82c25a0fef100c7ec2d421d4082f33f638b62b479c1b69fcfbaf1ccad0
-- statement 1 of 2; parameters: -
CREATE OR REPLACE TABLE meta.experience_levels (
  code BIGINT NOT NULL,
  name TEXT NOT NULL
);
-- statement 2 of 2; parameters: -
INSERT INTO meta.experience_levels (
  code,
  name
)
VALUES
  (0, '경력무관'),
  (1, '신입'),
  (2, '경력'),
  (3, '신입/경력');
