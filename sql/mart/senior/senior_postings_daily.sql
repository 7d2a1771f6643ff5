-- grain: one row per application start day (KST) x sido x employment type
-- materialized: view
-- tests: unique(posted_date, sido, employment_name); not_null(posted_date, sido, employment_name)
-- Key: (posted_date, sido, employment_name).
-- Input: core.senior_job_postings; the day is the application start (frDd), else the day the
--   posting was first listed for. Headcount sums the postings that state a whole number.
-- dashboard: {"page": "senior", "title": "일별 시니어 공고 · Senior postings per day by region", "chart": "line", "x": "posted_date", "y": "postings", "series": "sido", "filters": {"date": "posted_date", "region": "sido"}}
-- dashboard: {"page": "senior", "title": "지역별 공고 · Senior postings by region", "chart": "bar", "x": "sido", "y": "postings", "series": "employment_name", "stack": true, "sort": "value", "limit": 17, "filters": {"date": "posted_date", "region": "sido"}}
-- dashboard: {"page": "senior", "title": "고용 형태별 모집 인원 · Headcount by employment type", "chart": "bar", "x": "employment_name", "y": ["postings", "headcount"], "sort": "value", "filters": {"date": "posted_date", "region": "sido"}}
create or replace view mart.senior_postings_daily as
select
  coalesce(apply_from, listed_date) as posted_date,
  sido,
  coalesce(employment_name, '미상') as employment_name,
  count(*) as postings,
  sum(headcount) as headcount,
  countif(detail_status = 'nodata') as withdrawn
from core.senior_job_postings
group by posted_date, sido, employment_name;
