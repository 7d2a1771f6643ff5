-- GENERATED from sql/mart/stock_prices_daily.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 12574e7c9904a3efacc30a56f2444d7009abb37ed78b7f98ea747320a8e89e2b
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.stock_prices_daily AS
SELECT
  base_date,
  ticker,
  name,
  market,
  close,
  ROUND(ma_5, 1) AS ma_5,
  ROUND(ma_20, 1) AS ma_20,
  ROUND(ma_60, 1) AS ma_60,
  volume,
  traded_value,
  ROUND(daily_return * 100, 2) AS daily_return_pct
FROM core.stock_prices
WHERE
  base_date >= CAST(CAST(CAST(CURRENT_TIMESTAMP AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) - INTERVAL '3' YEAR AS DATE);
