-- grain: one row per keyword and ISO week (week_start = its Monday, KST dates)
-- materialized: view
-- tests: unique(keyword, week_start); not_null(keyword, week_start, points, has_data_points)
-- Key: (keyword, week_start).
-- Input: core.search_interest. Values are rescaled per comparison, so one week is read from ONE
--   comparison: the latest window (greatest window_end, then the latest window_start) holding a point
--   of that keyword in that week. A keyword in several groups averages over its groups of that window.
-- Rule: avg_value averages only points with data (has_data) that were complete (not is_partial); a
--   week with none has avg_value null. points counts every point of the chosen window in the week.
-- Feeds: search interest per keyword per week; mart.data_jobs_calendar joins on (keyword, week_start).
-- dashboard: {"page": "search", "title": "주별 검색 관심도 · Weekly search interest (0-100 within its keyword group)", "chart": "line", "x": "week_start", "y": "avg_value", "series": "keyword", "agg": "avg", "filters": {"date": "week_start"}}
-- dashboard: {"page": "search", "title": "최근 주 검색 관심도 · Latest week by keyword (scales differ between groups)", "chart": "bar", "x": "keyword", "y": "avg_value", "latest": "week_start", "sort": "value", "limit": 15, "filters": {"date": "week_start"}}
create or replace view mart.search_interest_weekly as
with points as (
  select
    keyword,
    date_trunc(point_date, isoweek) as week_start,
    window_start,
    window_end,
    value,
    has_data,
    is_partial
  from core.search_interest
),

latest_window as (
  select *
  from points
  qualify dense_rank() over (
    partition by keyword, week_start order by window_end desc, window_start desc
  ) = 1
)

select
  keyword,
  week_start,
  avg(if(has_data and not is_partial, value, null)) as avg_value,
  count(*) as points,
  countif(has_data) as has_data_points
from latest_window
group by keyword, week_start;
