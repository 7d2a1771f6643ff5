-- grain: one row per Saramin posting classified as a data role
-- materialized: view
-- tests: unique(posting_id); not_null(posting_id, data_role); accepted_values(data_role: data_engineer, data_scientist, data_analyst)
-- Key: posting_id.
-- Rule: search text = lower(title) + job names + keywords; the first matching role wins, in order
--   1. data_engineer  : 데이터 엔지니어 | data engineer | 빅데이터 엔지니어 | ETL | 데이터 파이프라인 | DataOps
--   2. data_scientist : 데이터 사이언티스트 | data scientist | 머신러닝 | machine learning | 딥러닝 | ML 엔지니어
--   3. data_analyst   : 데이터 분석 | 데이터분석가 | data analyst | BI | 비즈니스 분석
--   postings matching none are not data roles and are left out.
-- Input: core.job_postings_enriched (region, industry, experience named by the meta tables).
-- Checks: checks/job_postings__unique_posting_id.sql guards the key upstream.
-- dashboard: {"page": "hiring", "title": "최근 데이터 직무 공고 · Latest data-role postings", "chart": "table", "columns": ["posted_date", "data_role", "title", "company_name"], "sort": "posted_date", "limit": 25, "filters": {"date": "posted_date", "role": "data_role"}}
create or replace view mart.data_job_postings as
with postings as (
  select
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
    lower(concat(coalesce(title, ''), ' ', array_to_string(job_names, ' '), ' ', array_to_string(keywords, ' '))) as search_text
  from core.job_postings_enriched
),
classified as (
  select
    *,
    case
      when regexp_contains(search_text, r'데이터\s*엔지니어|data\s*engineer|빅데이터\s*엔지니어|\betl\b|데이터\s*파이프라인|dataops') then 'data_engineer'
      when regexp_contains(search_text, r'데이터\s*사이언티스트|data\s*scientist|머신러닝|machine\s*learning|딥러닝|\bml\s*엔지니어') then 'data_scientist'
      when regexp_contains(search_text, r'데이터\s*분석|데이터분석가|data\s*analyst|\bbi\b|비즈니스\s*분석') then 'data_analyst'
    end as data_role
  from postings
)
select
  posting_id, title, company_name, posted_date, week_start, primary_location_code, region, industry,
  job_category, experience_code, experience_group, open_to_new_grad, open_to_experienced, data_role
from classified
where data_role is not null;
