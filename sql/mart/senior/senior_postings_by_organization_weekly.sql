-- grain: one row per week (Monday, KST application start) x organisation
-- materialized: view
-- tests: unique(week_start, organization_name); not_null(week_start, organization_name)
-- Key: (week_start, organization_name).
-- Input: core.senior_job_postings; the week of the application start (frDd), else of the day the
--   posting was first listed for.
-- dashboard: {"page": "senior", "title": "기관별 공고 · Postings by organisation", "chart": "bar", "x": "organization_name", "y": "postings", "sort": "value", "limit": 15, "filters": {"date": "week_start"}}
-- dashboard: {"page": "senior", "title": "주별 공고 · Postings per week", "chart": "line", "x": "week_start", "y": "postings", "filters": {"date": "week_start"}}
create or replace view mart.senior_postings_by_organization_weekly as
select
  date_trunc(coalesce(apply_from, listed_date), week(monday)) as week_start,
  coalesce(organization_name, '미상') as organization_name,
  count(*) as postings,
  sum(headcount) as headcount
from core.senior_job_postings
group by week_start, organization_name;
