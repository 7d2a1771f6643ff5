-- GENERATED from sql/ddl/raw.senuri_job_list.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 6eaaf50f3b1e3beea3a035da2d73a17a59dec125357df1fd129c04d8da073076
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS raw.senuri_job_list (
  job_id TEXT NOT NULL,
  recrt_title TEXT,
  oran_nm TEXT,
  emplym_shp TEXT,
  emplym_shp_nm TEXT,
  deadline TEXT,
  fr_dd DATE,
  to_dd DATE,
  jobcls TEXT,
  jobcls_nm TEXT,
  organ_yn TEXT,
  stm_id TEXT,
  stm_nm TEXT,
  work_plc TEXT,
  work_plc_nm TEXT,
  acpt_mthd TEXT,
  list_hash TEXT NOT NULL,
  listed_date DATE NOT NULL,
  _slot_id TEXT NOT NULL,
  _slot_date DATE NOT NULL,
  _raw_object TEXT,
  _raw_generation TEXT
);
