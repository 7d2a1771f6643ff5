-- grain: one row per posting date (KST) x data role x top-level region
-- materialized: view
-- tests: unique(posted_date, data_role, region); not_null(posted_date, region)
-- Key: (posted_date, data_role, region).
-- Input: mart.data_job_postings; region is its top-level region, from meta.locations on the first three
--   digits of the primary location code (core.job_postings_enriched), '미상' when no region matches.
-- dashboard: {"page": "hiring", "title": "일별 채용 공고 · Postings per day by role", "chart": "line", "x": "posted_date", "y": "postings", "series": "data_role", "filters": {"date": "posted_date", "region": "region", "role": "data_role"}}
-- dashboard: {"page": "hiring", "title": "지역별 공고 · Postings by region", "chart": "bar", "x": "region", "y": "postings", "series": "data_role", "stack": true, "sort": "value", "limit": 15, "filters": {"date": "posted_date", "region": "region", "role": "data_role"}}
create or replace view mart.hiring_trend_daily as
select
  posted_date,
  data_role,
  region,
  count(*) as postings
from mart.data_job_postings
group by posted_date, data_role, region;
