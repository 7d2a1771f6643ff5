-- Table: core.stock_prices
-- Grain: one row per listing per trading day. Key: (base_date, ticker).
-- Written by: the stock PySpark job's Parquet, loaded as a whole partition (table$YYYYMMDD, WRITE_TRUNCATE).
-- Partition: base_date, partition filter required. Cluster: market, ticker.
-- Checks: checks/stock_prices__unique_ticker_per_day.sql
create table if not exists core.stock_prices (
  base_date date not null,
  ticker string not null,
  isin string,
  name string,
  market string,
  open int64,
  high int64,
  low int64,
  close int64,
  change int64,
  change_rate float64,
  volume int64,
  traded_value int64,
  listed_shares int64,
  market_cap int64,
  daily_return float64,
  ma_5 float64,
  ma_20 float64,
  ma_60 float64,
  volatility_20 float64
)
partition by base_date
cluster by market, ticker
options (require_partition_filter = true, description = 'Daily prices of every KOSPI/KOSDAQ/KONEX listing with returns and moving averages');
