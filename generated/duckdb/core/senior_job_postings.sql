-- GENERATED from sql/core/senior_job_postings.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 481ec6ba73eda38046d0e3627e11d69ec4c11173b5b279365e1d68b6fb8b64ad
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW core.senior_job_postings AS
WITH list AS (
  SELECT
    *
  FROM core.senuri_job_list
), detail AS (
  SELECT
    *
  FROM core.senuri_job_details
), joined AS (
  SELECT
    l.job_id,
    COALESCE(d.wanted_title, l.recrt_title) AS title,
    l.oran_nm AS organization_name,
    d.plbiz_nm AS business_place_name,
    l.emplym_shp AS employment_code,
    l.emplym_shp_nm AS employment_name,
    l.jobcls AS job_class_code,
    l.jobcls_nm AS job_class_name,
    l.deadline AS status_text,
    l.stm_id AS source_system,
    l.organ_yn,
    COALESCE(l.fr_dd, d.fr_acpt_dd) AS apply_from,
    COALESCE(l.to_dd, d.to_acpt_dd) AS apply_to,
    l.work_plc AS work_place_code,
    l.work_plc_nm AS work_place_name,
    d.pl_det_addr AS address,
    d.min_age,
    d.age AS age_text,
    d.age_lim,
    d.headcount,
    d.cllt_prnnum AS headcount_text,
    d.acpt_mthd_cd AS apply_method_code,
    l.acpt_mthd AS apply_method,
    d.homepage,
    d.det_cnts AS body,
    d.etc_itm AS notes,
    d.create_dy AS created_at,
    d.upd_dy AS updated_at,
    COALESCE(d.detail_status, 'pending') AS detail_status,
    l.listed_date,
    COALESCE(
      ARRAY_EXTRACT(REGEXP_EXTRACT_ALL(d.pl_det_addr, '^(?:[0-9]{5} +)?([^ ]+)', 1), 1),
      ARRAY_EXTRACT(REGEXP_EXTRACT_ALL(l.work_plc_nm, '^([^ ]+) ', 1), 1)
    ) AS place_word
  FROM list AS l
  LEFT JOIN detail AS d
    ON d.job_id = l.job_id
)
SELECT
  *
  EXCLUDE (place_word),
  CASE
    WHEN place_word IN ('서울', '서울시', '서울특별시')
    THEN '서울'
    WHEN place_word IN ('부산', '부산시', '부산광역시')
    THEN '부산'
    WHEN place_word IN ('대구', '대구시', '대구광역시')
    THEN '대구'
    WHEN place_word IN ('인천', '인천시', '인천광역시')
    THEN '인천'
    WHEN place_word IN ('광주', '광주광역시')
    THEN '광주'
    WHEN place_word IN ('대전', '대전시', '대전광역시')
    THEN '대전'
    WHEN place_word IN ('울산', '울산시', '울산광역시')
    THEN '울산'
    WHEN place_word IN ('세종', '세종시', '세종특별자치시')
    THEN '세종'
    WHEN place_word IN ('경기', '경기도')
    THEN '경기'
    WHEN place_word IN ('강원', '강원도', '강원특별자치도')
    THEN '강원'
    WHEN place_word IN ('충북', '충청북도')
    THEN '충북'
    WHEN place_word IN ('충남', '충청남도')
    THEN '충남'
    WHEN place_word IN ('전북', '전라북도', '전북특별자치도')
    THEN '전북'
    WHEN place_word IN ('전남', '전라남도')
    THEN '전남'
    WHEN place_word IN ('경북', '경상북도')
    THEN '경북'
    WHEN place_word IN ('경남', '경상남도')
    THEN '경남'
    WHEN place_word IN ('제주', '제주도', '제주특별자치도')
    THEN '제주'
    ELSE '미상'
  END AS sido
FROM joined;
