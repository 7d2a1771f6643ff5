-- GENERATED from sql/mart/certs/cert_exam_yearly.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 133ab81a81c897a0d4d377a834275d05d0b732a5b9e8344f2e00100de8f906c3
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.cert_exam_yearly AS
WITH stats AS (
  SELECT
    jm_cd,
    jm_nm,
    base_yy,
    stage,
    year,
    registered,
    sat,
    passed
  FROM core.cert_exam_stats
  WHERE
    NOT year IS NULL
), latest AS (
  SELECT
    *
  FROM stats
  QUALIFY
    ROW_NUMBER() OVER (PARTITION BY jm_cd, year, stage ORDER BY base_yy DESC) = 1
)
SELECT
  jm_cd,
  jm_nm,
  year,
  stage,
  base_yy AS reported_in_base_yy,
  registered,
  sat,
  passed,
  ROUND(CASE WHEN sat <> 0 THEN passed / sat ELSE NULL END, 4) AS pass_rate,
  ROUND(CASE WHEN registered <> 0 THEN sat / registered ELSE NULL END, 4) AS sat_rate
FROM latest;
