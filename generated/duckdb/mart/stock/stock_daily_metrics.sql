-- GENERATED from sql/mart/stock/stock_daily_metrics.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 6b6be1e3058433e7c2a0dc0ad044554ad4a595e0d82919c59dcca11752a7eee6
-- statement 1 of 2; parameters: range_end, range_start
DELETE FROM mart.stock_daily_metrics
WHERE
  base_date >= $range_start AND base_date < $range_end;
-- statement 2 of 2; parameters: range_end, range_start
INSERT INTO mart.stock_daily_metrics (
  base_date,
  ticker,
  name,
  market,
  close,
  daily_return,
  ma_5,
  ma_20,
  ma_60,
  volatility_20
)
WITH prices AS (
  SELECT
    base_date,
    ticker,
    name,
    market,
    close
  FROM core.stock_prices
  WHERE
    base_date >= CAST($range_start - INTERVAL '100' DAY AS DATE)
    AND base_date < $range_end
), returns AS (
  SELECT
    *,
    close / LAG(close) OVER (PARTITION BY ticker ORDER BY base_date NULLS FIRST) - 1 AS daily_return
  FROM prices
), metrics AS (
  SELECT
    base_date,
    ticker,
    name,
    market,
    close,
    daily_return,
    CASE
      WHEN COUNT(close) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 4 preceding AND CURRENT ROW
      ) = 5
      THEN AVG(close) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 4 preceding AND CURRENT ROW
      )
      ELSE NULL
    END AS ma_5,
    CASE
      WHEN COUNT(close) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 19 preceding AND CURRENT ROW
      ) = 20
      THEN AVG(close) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 19 preceding AND CURRENT ROW
      )
      ELSE NULL
    END AS ma_20,
    CASE
      WHEN COUNT(close) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 59 preceding AND CURRENT ROW
      ) = 60
      THEN AVG(close) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 59 preceding AND CURRENT ROW
      )
      ELSE NULL
    END AS ma_60,
    CASE
      WHEN COUNT(daily_return) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 19 preceding AND CURRENT ROW
      ) = 20
      THEN STDDEV_SAMP(daily_return) OVER (
        PARTITION BY ticker
        ORDER BY base_date NULLS FIRST
        rows BETWEEN 19 preceding AND CURRENT ROW
      )
      ELSE NULL
    END AS volatility_20
  FROM returns
)
SELECT
  base_date,
  ticker,
  name,
  market,
  close,
  daily_return,
  ma_5,
  ma_20,
  ma_60,
  volatility_20
FROM metrics
WHERE
  base_date >= $range_start;
