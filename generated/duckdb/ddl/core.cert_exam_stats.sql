-- GENERATED from sql/ddl/core.cert_exam_stats.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 1ac5a1e475935b2fe11c129f1f07e40d534f8e571dafcda44172eb6729b26a70
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS core.cert_exam_stats (
  jm_cd TEXT NOT NULL,
  base_yy BIGINT NOT NULL,
  stage TEXT NOT NULL,
  year_index BIGINT NOT NULL,
  year BIGINT,
  jm_nm TEXT,
  registered BIGINT,
  sat BIGINT,
  passed BIGINT
);
