-- GENERATED from sql/mart/jobs/data_job_postings.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: aa1b20ad441bf77c56ecfc0362521cc6831508dc844c0d1ff0ca3de3b298757a
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.data_job_postings AS
WITH postings AS (
  SELECT
    posting_id,
    title,
    company_name,
    posted_date,
    week_start,
    primary_location_code,
    region,
    industry,
    job_category,
    experience_code,
    experience_group,
    open_to_new_grad,
    open_to_experienced,
    LOWER(
      COALESCE(title, '') || ' ' || ARRAY_TO_STRING(job_names, ' ') || ' ' || ARRAY_TO_STRING(keywords, ' ')
    ) AS search_text
  FROM core.job_postings_enriched
), classified AS (
  SELECT
    *,
    CASE
      WHEN REGEXP_MATCHES(search_text, '데이터\s*엔지니어|data\s*engineer|빅데이터\s*엔지니어|\betl\b|데이터\s*파이프라인|dataops')
      THEN 'data_engineer'
      WHEN REGEXP_MATCHES(
        search_text,
        '데이터\s*사이언티스트|data\s*scientist|머신러닝|machine\s*learning|딥러닝|\bml\s*엔지니어'
      )
      THEN 'data_scientist'
      WHEN REGEXP_MATCHES(search_text, '데이터\s*분석|데이터분석가|data\s*analyst|\bbi\b|비즈니스\s*분석')
      THEN 'data_analyst'
    END AS data_role
  FROM postings
)
SELECT
  posting_id,
  title,
  company_name,
  posted_date,
  week_start,
  primary_location_code,
  region,
  industry,
  job_category,
  experience_code,
  experience_group,
  open_to_new_grad,
  open_to_experienced,
  data_role
FROM classified
WHERE
  NOT data_role IS NULL;
