-- GENERATED from sql/meta/experience_levels.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: db3fb6c276e6a73a100bc2ab332c1d8a3c4cd4bc55a01d672f37be54b952fda0
-- statement 1 of 2; parameters: -
CREATE OR REPLACE TABLE meta.experience_levels (
  code BIGINT NOT NULL,
  name TEXT NOT NULL,
  experience_group TEXT NOT NULL,
  open_to_new_grad BOOLEAN NOT NULL,
  open_to_experienced BOOLEAN NOT NULL
);
-- statement 2 of 2; parameters: -
INSERT INTO meta.experience_levels (
  code,
  name,
  experience_group,
  open_to_new_grad,
  open_to_experienced
)
VALUES
  (0, '경력무관', 'any', TRUE, TRUE),
  (1, '신입', 'new_grad', TRUE, FALSE),
  (2, '경력', 'experienced', FALSE, TRUE),
  (3, '신입/경력', 'new_grad_or_experienced', TRUE, TRUE);
