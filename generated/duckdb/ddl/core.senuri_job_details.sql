-- GENERATED from sql/ddl/core.senuri_job_details.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: f1b6fcd0e5b4513f6443d3c70b0608e96298949409876ae41c684a62ec24720b
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS core.senuri_job_details (
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
  _last_slot_id TEXT NOT NULL
);
