-- grain: one row per place x hour of day (KST) over the last 30 days
-- materialized: view
-- tests: unique(area_cd, hour_kst)
-- Key: (area_cd, hour_kst).
-- Input: core.seoul_population (last 30 days of partitions) + meta.seoul_places (category; the
--   reference name where the API renamed a place; places missing from the list keep the API's name).
-- Feeds: the congestion heatmap (place x hour) and the busiest-hours bars.
-- dashboard: {"page": "seoul", "title": "시간대·장소별 혼잡도 · Average population by hour and place", "chart": "heatmap", "x": "hour_kst", "y": "area_nm", "value": "avg_population", "limit": 30, "filters": {"place": "area_nm"}}
-- dashboard: {"page": "seoul", "title": "붐비는 시간대 · Crowded observations by hour", "chart": "bar", "x": "hour_kst", "y": "crowded_observations", "series": "category", "stack": true, "filters": {"place": "area_nm"}}
create or replace view mart.seoul_congestion_by_hour as
select
  p.area_cd,
  coalesce(m.area_nm, max(p.area_nm)) as area_nm,
  coalesce(m.category, '목록 외') as category,
  extract(hour from p.ppltn_time + interval 9 hour) as hour_kst,
  count(*) as observations,
  round(avg((p.population_min + p.population_max) / 2), 0) as avg_population,
  max(p.population_max) as peak_population_max,
  round(sum(case when p.congestion_level in ('약간 붐빔', '붐빔') then 1 else 0 end) / count(*), 3) as busy_share,
  sum(case when p.congestion_level = '붐빔' then 1 else 0 end) as crowded_observations
from core.seoul_population as p
left join meta.seoul_places as m on m.area_cd = p.area_cd
where p.ppltn_time >= current_timestamp() - interval 30 day
group by p.area_cd, m.area_nm, m.category, hour_kst;
