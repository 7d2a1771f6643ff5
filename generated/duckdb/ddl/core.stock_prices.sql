-- GENERATED from sql/ddl/core.stock_prices.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 4d2d13602130f980911de6e54c0b26f30f665607a5258f10217a0d05cc0270e6
-- statement 1 of 1; parameters: -
CREATE TABLE IF NOT EXISTS core.stock_prices (
  base_date DATE NOT NULL,
  ticker TEXT NOT NULL,
  isin TEXT,
  name TEXT,
  market TEXT,
  open BIGINT,
  high BIGINT,
  low BIGINT,
  close BIGINT,
  change BIGINT,
  change_rate DOUBLE,
  volume BIGINT,
  traded_value BIGINT,
  listed_shares BIGINT,
  market_cap BIGINT,
  daily_return DOUBLE,
  ma_5 DOUBLE,
  ma_20 DOUBLE,
  ma_60 DOUBLE,
  volatility_20 DOUBLE
);
