-- GENERATED from sql/ddl/raw.senuri_job_details.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: b60d5937277f718b51caca7e8639a0d877c770bb1200a2749cd4d115a8bb4abb
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS raw.senuri_job_details (
  job_id TEXT NOT NULL,
  list_hash TEXT NOT NULL,
  detail_status TEXT NOT NULL,
  wanted_title TEXT,
  wanted_auth_no TEXT,
  acpt_mthd_cd TEXT,
  age TEXT,
  min_age BIGINT,
  age_lim TEXT,
  cllt_prnnum TEXT,
  headcount BIGINT,
  create_dy TIMESTAMPTZ,
  upd_dy TIMESTAMPTZ,
  det_cnts TEXT,
  etc_itm TEXT,
  fr_acpt_dd DATE,
  to_acpt_dd DATE,
  homepage TEXT,
  lnk_stm_id TEXT,
  organ_yn TEXT,
  pl_det_addr TEXT,
  plbiz_nm TEXT,
  stm_id TEXT,
  _slot_id TEXT NOT NULL,
  _slot_date DATE NOT NULL,
  _raw_object TEXT,
  _raw_generation TEXT
);
