-- grain: one row per certification item, calendar year and stage (written | practical)
-- materialized: view
-- tests: unique(jm_cd, year, stage)
-- Key: (jm_cd, year, stage).
-- Input: core.cert_exam_stats (every base year asked for). One calendar year appears under several
--   base years (index 1 of base 2024 = index 2 of base 2025); the latest base year's figure wins, as
--   later answers carry revisions. Index 6 (year null, meaning unverified) is left out.
-- Feeds: registrations, passes and pass rate per item over the years.
-- dashboard: {"page": "certs", "title": "필기 접수·합격 · Written exam: registered and passed per year", "chart": "bar", "x": "year", "y": ["registered", "passed"], "series": "jm_nm", "where": {"stage": "written"}}
-- dashboard: {"page": "certs", "title": "실기 접수·합격 · Practical exam: registered and passed per year", "chart": "bar", "x": "year", "y": ["registered", "passed"], "series": "jm_nm", "where": {"stage": "practical"}}
-- dashboard: {"page": "certs", "title": "연도별 합격률 · Pass rate per year", "chart": "table", "columns": ["year", "jm_nm", "stage", "registered", "sat", "passed", "pass_rate", "reported_in_base_yy"], "sort": "year", "limit": 40}
create or replace view mart.cert_exam_yearly as
with stats as (
  select jm_cd, jm_nm, base_yy, stage, year, registered, sat, passed
  from core.cert_exam_stats
  where year is not null
),

latest as (
  select *
  from stats
  qualify row_number() over (partition by jm_cd, year, stage order by base_yy desc) = 1
)

select
  jm_cd,
  jm_nm,
  year,
  stage,
  base_yy as reported_in_base_yy,
  registered,
  sat,
  passed,
  round(safe_divide(passed, sat), 4) as pass_rate,
  round(safe_divide(sat, registered), 4) as sat_rate
from latest;
