-- GENERATED from sql/ddl/core.stock_prices.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 0156cf7c55fbc884163dad8878ae2c245ff09890d11ead2cb587947f6a57ddf1
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
  market_cap BIGINT
);
