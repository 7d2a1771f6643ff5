-- GENERATED from sql/mart/seoul/seoul_population_by_age_gender_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 8092dafc5492d45e0097e71dec7c69f392e47ea26deb4fd7740e24dbe32e7421
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.seoul_population_by_age_gender_daily AS
SELECT
  p.area_cd,
  COALESCE(m.area_nm, MAX(p.area_nm)) AS area_nm,
  CAST(CAST(p.ppltn_time AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) AS day_kst,
  COUNT(*) AS observations,
  ROUND(AVG((
    p.population_min + p.population_max
  ) / 2), 0) AS avg_population,
  ROUND(AVG(p.male_rate), 1) AS male_rate,
  ROUND(AVG(p.female_rate), 1) AS female_rate,
  ROUND(AVG(p.age_0_rate + p.age_10_rate), 1) AS age_0_19_rate,
  ROUND(AVG(p.age_20_rate + p.age_30_rate), 1) AS age_20_39_rate,
  ROUND(AVG(p.age_40_rate + p.age_50_rate), 1) AS age_40_59_rate,
  ROUND(AVG(p.age_60_rate + p.age_70_rate), 1) AS age_60_plus_rate,
  ROUND(AVG(p.resident_rate), 1) AS resident_rate
FROM core.seoul_population AS p
LEFT JOIN meta.seoul_places AS m
  ON m.area_cd = p.area_cd
WHERE
  p.ppltn_time >= CURRENT_TIMESTAMP - INTERVAL '30' DAY
GROUP BY
  p.area_cd,
  m.area_nm,
  day_kst;
