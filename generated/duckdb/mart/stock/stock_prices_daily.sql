-- GENERATED from sql/mart/stock/stock_prices_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 33dc78e1abeca908b1bfbb105d104ab89efd8f2e102f2bdcffc9fb7a4ee55c3e
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.stock_prices_daily AS
SELECT
  m.base_date,
  m.ticker,
  m.name,
  m.market,
  m.close,
  ROUND(m.ma_5, 1) AS ma_5,
  ROUND(m.ma_20, 1) AS ma_20,
  ROUND(m.ma_60, 1) AS ma_60,
  p.volume,
  p.traded_value,
  ROUND(m.daily_return * 100, 2) AS daily_return_pct
FROM mart.stock_daily_metrics AS m
JOIN core.stock_prices AS p
  ON p.base_date = m.base_date AND p.ticker = m.ticker
WHERE
  m.base_date >= CAST(CAST(CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) - INTERVAL '3' YEAR AS DATE)
  AND p.base_date >= CAST(CAST(CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) - INTERVAL '3' YEAR AS DATE);
