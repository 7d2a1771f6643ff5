-- Table: mart.stock_daily_metrics (generated from functions/sources/models.ts by `npm run generate`; do not edit)
-- Grain: one row per listing per trading day, with the metrics of its trailing window. Key: (base_date, ticker).
create table if not exists mart.stock_daily_metrics (
  base_date date not null options (description = 'trading day'),
  ticker string not null options (description = 'srtnCd'),
  name string options (description = 'itmsNm'),
  market string options (description = 'KOSPI / KOSDAQ / KONEX'),
  close int64 options (description = 'closing price'),
  daily_return float64 options (description = 'close / previous close - 1 (null on the first row in the window)'),
  ma_5 float64 options (description = 'mean close of the last 5 trading days (null with fewer)'),
  ma_20 float64 options (description = 'mean close of the last 20 trading days'),
  ma_60 float64 options (description = 'mean close of the last 60 trading days'),
  volatility_20 float64 options (description = 'sample std dev of the last 20 daily returns')
)
partition by base_date
cluster by market, ticker
options (require_partition_filter = true, description = 'one row per listing per trading day, with the metrics of its trailing window');
