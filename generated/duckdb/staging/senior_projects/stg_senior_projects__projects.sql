-- GENERATED from sql/staging/senior_projects/stg_senior_projects__projects.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 1db1ffc0e8c23c18e975bd841d5ee289519e075fcfe9598c2a4317a74ef44e49
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW staging.stg_senior_projects__projects AS
WITH source AS (
  SELECT
    file_year,
    page,
    row_no,
    record_json
  FROM raw.senior_projects
  WHERE
    _slot_date = CAST('1970-01-01' AS DATE)
), fields AS (
  SELECT
    file_year,
    page,
    row_no,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업유형"') ->> '$'), '') AS proj_type,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업번호"') ->> '$'), '') AS proj_no,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업계획변경순번"') ->> '$'), '') AS proj_plan_change_no,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업년도"') ->> '$'), '') AS proj_year,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."계속사업여부"') ->> '$'), '') AS cont_proj_yn,
    COALESCE(
      NULLIF(TRIM(JSON_VALUE(record_json, '$."계속사업시작년도"') ->> '$'), ''),
      NULLIF(TRIM(JSON_VALUE(record_json, '$."계속사업시작연도"') ->> '$'), '')
    ) AS cont_proj_start_year,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업유형코드"') ->> '$'), '') AS proj_type_code,
    COALESCE(
      NULLIF(TRIM(JSON_VALUE(record_json, '$."비예산여부"') ->> '$'), ''),
      CASE TRIM(JSON_VALUE(record_json, '$."예산구분"') ->> '$')
        WHEN '비예산'
        THEN 'Y'
        WHEN '예산'
        THEN 'N'
      END
    ) AS non_budg_yn,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."특수사업명코드"') ->> '$'), '') AS spec_proj_cd,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업명"') ->> '$'), '') AS proj_nm,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."관할시군구"') ->> '$'), '') AS adm_dist_nm,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."기관아이디"') ->> '$'), '') AS institution_id,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업기간시작일"') ->> '$'), '') AS proj_start_dd,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업기간종료일"') ->> '$'), '') AS proj_end_dd,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."사업계획서상태코드"') ->> '$'), '') AS plan_status_cd,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."목표일자리수"') ->> '$'), '') AS target_employment,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."삭제여부"') ->> '$'), '') AS del_yn,
    NULLIF(TRIM(JSON_VALUE(record_json, '$."수행기관명"') ->> '$'), '') AS operator_nm
  FROM source
)
SELECT
  file_year,
  page,
  row_no,
  proj_type,
  proj_no,
  CAST(REPLACE(proj_plan_change_no, ',', '') AS BIGINT) AS proj_plan_change_no,
  CAST(REPLACE(proj_year, ',', '') AS BIGINT) AS proj_year,
  cont_proj_yn,
  CAST(REPLACE(cont_proj_start_year, ',', '') AS BIGINT) AS cont_proj_start_year,
  ARRAY_EXTRACT(REGEXP_EXTRACT_ALL(proj_type_code, '\(([^()]*)\)$', 1), 1) AS proj_type_cd,
  COALESCE(
    NULLIF(
      TRIM(ARRAY_EXTRACT(REGEXP_EXTRACT_ALL(proj_type_code, '^([^()]*)\([^()]*\)$', 1), 1)),
      ''
    ),
    proj_type_code
  ) AS proj_type_nm,
  non_budg_yn,
  spec_proj_cd,
  proj_nm,
  adm_dist_nm,
  STR_SPLIT(adm_dist_nm, ' ')[1] AS adm_sido_nm,
  institution_id,
  CAST(STRPTIME('1970 ' || REPLACE(proj_start_dd, '-', ''), '%Y ' || '%Y%m%d') AS DATE) AS proj_start_date,
  CAST(STRPTIME('1970 ' || REPLACE(proj_end_dd, '-', ''), '%Y ' || '%Y%m%d') AS DATE) AS proj_end_date,
  plan_status_cd,
  CAST(REPLACE(target_employment, ',', '') AS BIGINT) AS target_employment,
  del_yn,
  operator_nm
FROM fields;
