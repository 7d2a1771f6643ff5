-- GENERATED from sql/ddl/models/mart.stock_daily_metrics.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: e235f2a3a21472e1d5e90f814d084949819b0f634e907fd094c305d2ca95b70d
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS mart.stock_daily_metrics (
  base_date DATE NOT NULL,
  ticker TEXT NOT NULL,
  name TEXT,
  market TEXT,
  close BIGINT,
  daily_return DOUBLE,
  ma_5 DOUBLE,
  ma_20 DOUBLE,
  ma_60 DOUBLE,
  volatility_20 DOUBLE
);
