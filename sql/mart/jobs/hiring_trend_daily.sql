-- grain: one row per posting date (KST) x data role x top-level region
-- materialized: view
-- tests: unique(posted_date, data_role, region); not_null(posted_date, region)
-- Key: (posted_date, data_role, region).
-- Input: mart.data_job_postings joined to meta.locations on the first three digits of the location code.
-- dashboard: {"page": "hiring", "title": "일별 채용 공고 · Postings per day by role", "chart": "line", "x": "posted_date", "y": "postings", "series": "data_role", "filters": {"date": "posted_date", "region": "region", "role": "data_role"}}
-- dashboard: {"page": "hiring", "title": "지역별 공고 · Postings by region", "chart": "bar", "x": "region", "y": "postings", "series": "data_role", "stack": true, "sort": "value", "limit": 15, "filters": {"date": "posted_date", "region": "region", "role": "data_role"}}
create or replace view mart.hiring_trend_daily as
select
  p.posted_date,
  p.data_role,
  coalesce(l.name, '미상') as region,
  count(*) as postings
from mart.data_job_postings as p
left join meta.locations as l
  on l.prefix = substr(p.primary_location_code, 1, 3)
group by p.posted_date, p.data_role, region;
