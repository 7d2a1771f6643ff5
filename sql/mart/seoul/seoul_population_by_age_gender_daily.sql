-- grain: one row per place x KST day over the last 30 days
-- materialized: view
-- tests: unique(area_cd, day_kst)
-- Key: (area_cd, day_kst).
-- Input: core.seoul_population (last 30 days of partitions) + meta.seoul_places.
-- Rates are averages of the day's observations, in percent; populations are the mean of min and max.
-- dashboard: {"page": "seoul", "title": "일별 유동인구 · Daily average population", "chart": "line", "x": "day_kst", "y": "avg_population", "filters": {"date": "day_kst", "place": "area_nm"}}
-- dashboard: {"page": "seoul", "title": "장소별 연령대 비율 · Age mix by place (%)", "chart": "bar", "x": "area_nm", "y": ["age_0_19_rate", "age_20_39_rate", "age_40_59_rate", "age_60_plus_rate"], "agg": "avg", "stack": true, "sort": "x", "limit": 15, "filters": {"date": "day_kst", "place": "area_nm"}}
create or replace view mart.seoul_population_by_age_gender_daily as
select
  p.area_cd,
  coalesce(m.area_nm, max(p.area_nm)) as area_nm,
  date(p.ppltn_time, 'Asia/Seoul') as day_kst,
  count(*) as observations,
  round(avg((p.population_min + p.population_max) / 2), 0) as avg_population,
  round(avg(p.male_rate), 1) as male_rate,
  round(avg(p.female_rate), 1) as female_rate,
  round(avg(p.age_0_rate + p.age_10_rate), 1) as age_0_19_rate,
  round(avg(p.age_20_rate + p.age_30_rate), 1) as age_20_39_rate,
  round(avg(p.age_40_rate + p.age_50_rate), 1) as age_40_59_rate,
  round(avg(p.age_60_rate + p.age_70_rate), 1) as age_60_plus_rate,
  round(avg(p.resident_rate), 1) as resident_rate
from core.seoul_population as p
left join meta.seoul_places as m on m.area_cd = p.area_cd
where p.ppltn_time >= current_timestamp() - interval 30 day
group by p.area_cd, m.area_nm, day_kst;
