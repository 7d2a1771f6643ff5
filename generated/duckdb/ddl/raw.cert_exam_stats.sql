-- GENERATED from sql/ddl/raw.cert_exam_stats.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 59954f1f694e3e25763cf615d24265e842a35df453be66ce110a9d65026cfb66
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS raw.cert_exam_stats (
  jm_cd TEXT NOT NULL,
  base_yy BIGINT NOT NULL,
  stage TEXT NOT NULL,
  year_index BIGINT NOT NULL,
  year BIGINT,
  jm_nm TEXT,
  registered BIGINT,
  sat BIGINT,
  passed BIGINT,
  _slot_id TEXT NOT NULL,
  _slot_date DATE NOT NULL,
  _raw_object TEXT,
  _raw_generation TEXT
);
