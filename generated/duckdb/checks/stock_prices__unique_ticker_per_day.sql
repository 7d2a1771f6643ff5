-- GENERATED from sql/checks/stock_prices__unique_ticker_per_day.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 708174d81653383ca8dd075be2ed73996ecfe5ad87f7dadf0d9c0bc500034339
-- statement 1 of 1; parameters: slot_date
SELECT
  base_date,
  ticker,
  COUNT(*) AS copies
FROM core.stock_prices
WHERE
  base_date = $slot_date
GROUP BY
  base_date,
  ticker
HAVING
  COUNT(*) > 1;
