-- grain: one row per programme: an institution (기관아이디) and a project name (사업명)
-- materialized: view
-- tests: unique(institution_id, proj_nm); not_null(institution_id, proj_nm, first_year, last_year, years_running)
-- dashboard: {"page": "senior", "title": "사업 지속 연수 · How long programmes have run", "chart": "bar", "x": "years_running", "y": "programmes", "series": "proj_type", "stack": true, "sort": "x", "order": "asc", "filters": {"region": "sido"}, "empty": "No project file loaded yet."}
-- dashboard: {"page": "senior", "title": "오래 지속된 사업 · Longest-running programmes", "chart": "table", "columns": ["proj_nm", "operator_nm", "sido", "proj_type", "period", "years_running", "years_seen"], "sort": "years_running", "limit": 20, "filters": {"region": "sido"}, "empty": "No project file loaded yet."}
-- Input: core.senior_job_projects, every year loaded. Project numbers are per year, so a programme
--   is followed across years by its institution and name. A continuing project (계속사업여부 Y) says
--   since when (계속사업시작년도); a programme started in the earliest year it claims or appears in, and
--   has run to the latest year it appears in. Years without a file (2019, 2021) are not "missing":
--   years_seen counts files it appears in, years_running counts calendar years.
-- Feeds: distribution of programme age and the longest-running programmes.
create or replace view mart.senior_projects_continuity as
with plans as (
  select *
  from core.senior_job_projects
  where coalesce(del_yn, 'N') != 'Y' and institution_id is not null and proj_nm is not null
),

latest as (
  select institution_id, proj_nm, operator_nm, proj_type, adm_sido_nm, cont_proj_yn
  from plans
  qualify row_number() over (
    partition by institution_id, proj_nm order by proj_year desc, proj_plan_change_no desc
  ) = 1
),

spans as (
  select
    institution_id,
    proj_nm,
    min(proj_year) as first_year,
    max(proj_year) as last_year,
    count(distinct proj_year) as years_seen,
    min(if(cont_proj_yn = 'Y', cont_proj_start_year, null)) as claimed_start_year,
    sum(target_employment) as target_employment_all_years
  from plans
  group by institution_id, proj_nm
)

select
  s.institution_id,
  s.proj_nm,
  l.operator_nm,
  l.proj_type,
  l.adm_sido_nm as sido,
  l.cont_proj_yn = 'Y' as is_continuing,
  s.first_year,
  s.last_year,
  s.claimed_start_year,
  least(s.first_year, coalesce(s.claimed_start_year, s.first_year)) as run_start_year,
  s.last_year - least(s.first_year, coalesce(s.claimed_start_year, s.first_year)) + 1 as years_running,
  -- For display (a year is not a quantity: no thousands separator): `2018-2024`.
  concat(
    cast(least(s.first_year, coalesce(s.claimed_start_year, s.first_year)) as string),
    '-',
    cast(s.last_year as string)
  ) as period,
  s.years_seen,
  s.target_employment_all_years,
  1 as programmes
from spans as s
inner join latest as l using (institution_id, proj_nm);
