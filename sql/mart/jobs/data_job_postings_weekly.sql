-- grain: one row per ISO week (week_start, a Monday) x data role x region x industry x experience group
-- materialized: view
-- tests: unique(week_start, role, region, industry, experience_group); not_null(week_start, role, region, industry, experience_group, postings); accepted_values(role: data_engineer, data_scientist, data_analyst)
-- Key: (week_start, role, region, industry, experience_group).
-- Input: mart.data_job_postings (its roles, and region / industry / experience from
--   core.job_postings_enriched). Each posting is counted in exactly one row (its primary region, its
--   industry, its experience code), so sum(postings) over any of the breakdown columns is the number
--   of data-role postings of the week: group by week_start (and role) for the calendar.
-- Columns: postings; new_grad_postings = postings open to new graduates (신입, 신입/경력, 경력무관);
--   experienced_postings = postings open to experienced hires (경력, 신입/경력, 경력무관). A posting
--   can be both, so the two do not add up to postings. experience_group splits postings without
--   overlap: new_grad | experienced | new_grad_or_experienced | any | unknown.
-- dashboard: {"page": "hiring", "title": "주별 데이터 직무 공고 · Data-role postings per ISO week", "chart": "bar", "x": "week_start", "y": "postings", "series": "role", "stack": true, "filters": {"date": "week_start", "region": "region", "role": "role"}}
-- dashboard: {"page": "hiring", "title": "신입·경력 · Open to new grads vs experienced, per week", "chart": "line", "x": "week_start", "y": ["new_grad_postings", "experienced_postings"], "filters": {"date": "week_start", "region": "region", "role": "role"}}
-- dashboard: {"page": "hiring", "title": "산업별 공고 · Data-role postings by industry", "chart": "bar", "x": "industry", "y": "postings", "series": "role", "stack": true, "sort": "value", "limit": 10, "filters": {"date": "week_start", "region": "region", "role": "role"}}
-- dashboard: {"page": "hiring", "title": "경력 구분별 공고 · Postings by experience group", "chart": "bar", "x": "experience_group", "y": "postings", "series": "role", "stack": true, "sort": "value", "filters": {"date": "week_start", "region": "region", "role": "role"}}
create or replace view mart.data_job_postings_weekly as
select
  week_start,
  data_role as role,
  region,
  industry,
  experience_group,
  count(*) as postings,
  countif(open_to_new_grad) as new_grad_postings,
  countif(open_to_experienced) as experienced_postings
from mart.data_job_postings
group by week_start, data_role, region, industry, experience_group;
