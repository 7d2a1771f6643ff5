-- grain: one row per ISO week (week_start, its Monday) from the first to the last week any input has
-- materialized: view
-- tests: unique(week_start); not_null(week_start, iso_year, iso_week, data_job_postings)
-- Key: week_start.
-- Input: mart.data_job_postings_weekly (Saramin data-role postings), mart.search_interest_weekly
--   (Google Trends), mart.cert_exam_yearly (Q-Net). Every week between the first and the last week of
--   postings or search interest has a row, also a week with no postings (0) or no interest (null).
-- Columns:
--   data_job_postings, data_{engineer,analyst,scientist}_postings: postings of the week by role
--     (each posting counted once); new_grad_postings: of those, open to new graduates.
--   data_{engineer,analyst,scientist}_interest: weekly search interest of 데이터 엔지니어 / 데이터
--     분석가 / 데이터 사이언티스트. The three are one comparison group (sql/seeds/trends_keywords.csv,
--     group roles), so they share one 0-100 scale and can be compared with each other, not with
--     keywords of other groups. info_processing_interest: 정보처리기사 (group certs, its own scale).
--   cert_year and info_processing_*: the 정보처리기사 (item 1320) figures of the latest year known
--     at the week (the week's ISO year, else the latest earlier year: Q-Net publishes a year's
--     statistics the year after): written-stage registrations, written and practical passes. Yearly
--     figures repeated on every week: take one per cert_year (max), never sum them over weeks.
-- dashboard: {"page": "hiring", "title": "공고와 검색 관심도 · Data-role postings and search interest per week", "chart": "line", "x": "week_start", "y": ["data_job_postings", "data_engineer_interest", "data_analyst_interest", "data_scientist_interest"], "filters": {"date": "week_start"}}
create or replace view mart.data_jobs_calendar as
with postings as (
  select
    week_start,
    sum(postings) as data_job_postings,
    sum(if(role = 'data_engineer', postings, 0)) as data_engineer_postings,
    sum(if(role = 'data_analyst', postings, 0)) as data_analyst_postings,
    sum(if(role = 'data_scientist', postings, 0)) as data_scientist_postings,
    sum(new_grad_postings) as new_grad_postings
  from mart.data_job_postings_weekly
  group by week_start
),

interest as (
  select
    week_start,
    max(if(keyword = '데이터 엔지니어', avg_value, null)) as data_engineer_interest,
    max(if(keyword = '데이터 분석가', avg_value, null)) as data_analyst_interest,
    max(if(keyword = '데이터 사이언티스트', avg_value, null)) as data_scientist_interest,
    max(if(keyword = '정보처리기사', avg_value, null)) as info_processing_interest
  from mart.search_interest_weekly
  group by week_start
),

certs as (
  select
    year,
    sum(if(stage = 'written', registered, 0)) as info_processing_written_registered,
    sum(if(stage = 'written', passed, 0)) as info_processing_written_passed,
    sum(if(stage = 'practical', passed, 0)) as info_processing_practical_passed
  from mart.cert_exam_yearly
  where jm_cd = '1320'
  group by year
),

bounds as (
  select min(week_start) as first_week, max(week_start) as last_week
  from (
    select week_start from postings
    union all
    select week_start from interest
  )
),

weeks as (
  select week_start
  from bounds, unnest(generate_date_array(first_week, last_week, interval 1 week)) as week_start
)

select
  w.week_start,
  -- An ISO week belongs to the year of its Thursday.
  extract(year from date_add(w.week_start, interval 3 day)) as iso_year,
  format_date('%G-W%V', w.week_start) as iso_week,
  coalesce(p.data_job_postings, 0) as data_job_postings,
  coalesce(p.data_engineer_postings, 0) as data_engineer_postings,
  coalesce(p.data_analyst_postings, 0) as data_analyst_postings,
  coalesce(p.data_scientist_postings, 0) as data_scientist_postings,
  coalesce(p.new_grad_postings, 0) as new_grad_postings,
  i.data_engineer_interest,
  i.data_analyst_interest,
  i.data_scientist_interest,
  i.info_processing_interest,
  c.year as cert_year,
  c.info_processing_written_registered,
  c.info_processing_written_passed,
  c.info_processing_practical_passed
from weeks as w
left join postings as p on p.week_start = w.week_start
left join interest as i on i.week_start = w.week_start
left join certs as c on c.year <= extract(year from date_add(w.week_start, interval 3 day))
qualify row_number() over (partition by w.week_start order by c.year desc) = 1;
