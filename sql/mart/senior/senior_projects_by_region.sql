-- grain: one row per project year, province (시도) and project type
-- materialized: view
-- tests: unique(proj_year, sido, proj_type); not_null(proj_year, proj_type, projects)
-- dashboard: {"page": "senior", "title": "시도별 목표 일자리 · Target jobs of the programme by province", "chart": "bar", "x": "sido", "y": "target_employment", "series": "proj_type", "stack": true, "sort": "value", "limit": 17, "filters": {"region": "sido"}, "empty": "No project file loaded yet (pipeline backfill senior_projects)."}
-- dashboard: {"page": "senior", "title": "연도별 노인일자리 사업 · Projects and target jobs per year by type", "chart": "bar", "x": "proj_year", "y": "target_employment", "series": "proj_type", "stack": true, "sort": "x", "order": "asc", "filters": {"region": "sido"}, "empty": "No project file loaded yet (pipeline backfill senior_projects)."}
-- Input: core.senior_job_projects. A project's plan can change during the year (plan change number
--   1, 2, ...): only its latest plan counts, so a project is counted once. Plans marked deleted
--   (삭제여부 Y) are left out. Province = the first word of 관할시군구 (`서울특별시 강남구`); null when the
--   file gave none (shown as its own bar, not dropped).
-- Feeds: projects and target employment by province, type and year (the seed dashboard's view).
create or replace view mart.senior_projects_by_region as
with latest_plan as (
  select *
  from core.senior_job_projects
  where coalesce(del_yn, 'N') != 'Y'
  qualify row_number() over (partition by proj_year, proj_no order by proj_plan_change_no desc) = 1
)

select
  proj_year,
  adm_sido_nm as sido,
  proj_type,
  count(*) as projects,
  countif(cont_proj_yn = 'Y') as continuing_projects,
  sum(target_employment) as target_employment
from latest_plan
group by proj_year, adm_sido_nm, proj_type;
