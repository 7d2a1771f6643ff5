-- grain: one row per record of a yearly file (raw.senior_projects), renamed and typed
-- materialized: view
-- tests: not_null(file_year, row_no, proj_year, proj_no, proj_plan_change_no, proj_type)
-- Input: raw.senior_projects, every loaded file. Keyed units share one partition (the unit date of
--   keyed units, 1970-01-01: core/units.ts KEYED_UNIT_DATE), and each file's rows were replaced as a
--   whole by its last load, so this reads exactly the current files.
-- Rule: the Korean column names differ by year; each English column coalesces its variants
--   (functions/sources/senior_projects/columns.ts lists them and a unit test keeps this file naming
--   every one). The transform refused any record with an unknown column or an unreadable value, so
--   the casts below cannot fail and no null here stands for a value that was sent.
--   계속사업시작년도 | 계속사업시작연도 -> cont_proj_start_year
--   비예산여부 (Y/N) | 예산구분 (비예산 -> Y, 예산 -> N) -> non_budg_yn
--   사업유형코드 `이름(코드)` -> proj_type_cd (the code) and proj_type_nm (the name)
--   dates `YYYYMMDD` | `YYYY-MM-DD` -> DATE; counts as numbers or strings (`"1,204"`) -> INT64
create or replace view staging.stg_senior_projects__projects as
with source as (
  select file_year, page, row_no, record_json
  from raw.senior_projects
  where _slot_date = date '1970-01-01'
),

fields as (
  select
    file_year,
    page,
    row_no,
    nullif(trim(json_value(record_json, '$."사업유형"')), '') as proj_type,
    nullif(trim(json_value(record_json, '$."사업번호"')), '') as proj_no,
    nullif(trim(json_value(record_json, '$."사업계획변경순번"')), '') as proj_plan_change_no,
    nullif(trim(json_value(record_json, '$."사업년도"')), '') as proj_year,
    nullif(trim(json_value(record_json, '$."계속사업여부"')), '') as cont_proj_yn,
    coalesce(
      nullif(trim(json_value(record_json, '$."계속사업시작년도"')), ''),
      nullif(trim(json_value(record_json, '$."계속사업시작연도"')), '')
    ) as cont_proj_start_year,
    nullif(trim(json_value(record_json, '$."사업유형코드"')), '') as proj_type_code,
    coalesce(
      nullif(trim(json_value(record_json, '$."비예산여부"')), ''),
      case trim(json_value(record_json, '$."예산구분"')) when '비예산' then 'Y' when '예산' then 'N' end
    ) as non_budg_yn,
    nullif(trim(json_value(record_json, '$."특수사업명코드"')), '') as spec_proj_cd,
    nullif(trim(json_value(record_json, '$."사업명"')), '') as proj_nm,
    nullif(trim(json_value(record_json, '$."관할시군구"')), '') as adm_dist_nm,
    nullif(trim(json_value(record_json, '$."기관아이디"')), '') as institution_id,
    nullif(trim(json_value(record_json, '$."사업기간시작일"')), '') as proj_start_dd,
    nullif(trim(json_value(record_json, '$."사업기간종료일"')), '') as proj_end_dd,
    nullif(trim(json_value(record_json, '$."사업계획서상태코드"')), '') as plan_status_cd,
    nullif(trim(json_value(record_json, '$."목표일자리수"')), '') as target_employment,
    nullif(trim(json_value(record_json, '$."삭제여부"')), '') as del_yn,
    nullif(trim(json_value(record_json, '$."수행기관명"')), '') as operator_nm
  from source
)

select
  file_year,
  page,
  row_no,
  proj_type,
  proj_no,
  cast(replace(proj_plan_change_no, ',', '') as int64) as proj_plan_change_no,
  cast(replace(proj_year, ',', '') as int64) as proj_year,
  cont_proj_yn,
  cast(replace(cont_proj_start_year, ',', '') as int64) as cont_proj_start_year,
  regexp_extract(proj_type_code, r'\(([^()]*)\)$') as proj_type_cd,
  coalesce(
    nullif(trim(regexp_extract(proj_type_code, r'^([^()]*)\([^()]*\)$')), ''), proj_type_code
  ) as proj_type_nm,
  non_budg_yn,
  spec_proj_cd,
  proj_nm,
  adm_dist_nm,
  split(adm_dist_nm, ' ')[safe_offset(0)] as adm_sido_nm,
  institution_id,
  parse_date('%Y%m%d', replace(proj_start_dd, '-', '')) as proj_start_date,
  parse_date('%Y%m%d', replace(proj_end_dd, '-', '')) as proj_end_date,
  plan_status_cd,
  cast(replace(target_employment, ',', '') as int64) as target_employment,
  del_yn,
  operator_nm
from fields;
