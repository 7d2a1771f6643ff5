-- GENERATED from sql/mart/trends/search_interest_weekly.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 41996720b79b9bd1befe8f59d8f0585681136ad53546618496341e38eb333058
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.search_interest_weekly AS
WITH points AS (
  SELECT
    keyword,
    CAST(DATE_TRUNC('WEEK', point_date) AS DATE) AS week_start,
    window_start,
    window_end,
    value,
    has_data,
    is_partial
  FROM core.search_interest
), latest_window AS (
  SELECT
    *
  FROM points
  QUALIFY
    DENSE_RANK() OVER (PARTITION BY keyword, week_start ORDER BY window_end DESC, window_start DESC) = 1
)
SELECT
  keyword,
  week_start,
  AVG(CASE WHEN has_data AND NOT is_partial THEN value ELSE NULL END) AS avg_value,
  COUNT(*) AS points,
  COALESCE(COUNT_IF(has_data), 0) AS has_data_points
FROM latest_window
GROUP BY
  keyword,
  week_start;
