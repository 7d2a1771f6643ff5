-- GENERATED from sql/mart/seoul/seoul_congestion_by_hour.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: e618fe395a0a63a632008db935cdce7c1f541d915059d212b342e7a1545eefec
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.seoul_congestion_by_hour AS
SELECT
  p.area_cd,
  COALESCE(m.area_nm, MAX(p.area_nm)) AS area_nm,
  COALESCE(m.category, '목록 외') AS category,
  EXTRACT(HOUR FROM p.ppltn_time + INTERVAL '9' HOUR) AS hour_kst,
  COUNT(*) AS observations,
  ROUND(AVG((
    p.population_min + p.population_max
  ) / 2), 0) AS avg_population,
  MAX(p.population_max) AS peak_population_max,
  ROUND(
    SUM(CASE WHEN p.congestion_level IN ('약간 붐빔', '붐빔') THEN 1 ELSE 0 END) / COUNT(*),
    3
  ) AS busy_share,
  SUM(CASE WHEN p.congestion_level = '붐빔' THEN 1 ELSE 0 END) AS crowded_observations
FROM core.seoul_population AS p
LEFT JOIN meta.seoul_places AS m
  ON m.area_cd = p.area_cd
WHERE
  p.ppltn_time >= CURRENT_TIMESTAMP - INTERVAL '30' DAY
GROUP BY
  p.area_cd,
  m.area_nm,
  m.category,
  hour_kst;
