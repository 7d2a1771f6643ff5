-- grain: one row per listing per trading day, with the metrics of its trailing window
-- materialized: incremental
-- strategy: insert_overwrite
-- unique_key: base_date, ticker
-- partition_by: base_date
-- cluster_by: market, ticker
-- event_time: base_date
-- lookback: 100 days (at least the 60 trading days ma_60 needs, holidays included)
-- tests: unique(base_date, ticker); not_null(base_date, ticker); accepted_values(market: KOSPI, KOSDAQ, KONEX)
-- Reads core.stock_prices from @range_start - 100 days to @range_end, rewrites [@range_start, @range_end).
-- After a load of day D the runner passes [D, D + 101 days) capped at tomorrow, so a corrected D
-- re-derives every later day whose window holds D. Per ticker, ordered by day:
--   daily_return  = close / previous close - 1     (null on the ticker's first row)
--   ma_N          = mean close of the last N rows  (null with fewer than N rows)
--   volatility_20 = sample std dev of the last 20 daily returns (null with fewer than 20)
delete from mart.stock_daily_metrics
where base_date >= @range_start and base_date < @range_end;

insert into mart.stock_daily_metrics (base_date, ticker, name, market, close, daily_return, ma_5, ma_20, ma_60, volatility_20)
with prices as (
  select base_date, ticker, name, market, close
  from core.stock_prices
  where base_date >= date_sub(@range_start, interval 100 day) and base_date < @range_end
),
returns as (
  select
    *,
    close / lag(close) over (partition by ticker order by base_date) - 1 as daily_return
  from prices
),
metrics as (
  select
    base_date,
    ticker,
    name,
    market,
    close,
    daily_return,
    if(count(close) over (partition by ticker order by base_date rows between 4 preceding and current row) = 5,
      avg(close) over (partition by ticker order by base_date rows between 4 preceding and current row), null) as ma_5,
    if(count(close) over (partition by ticker order by base_date rows between 19 preceding and current row) = 20,
      avg(close) over (partition by ticker order by base_date rows between 19 preceding and current row), null) as ma_20,
    if(count(close) over (partition by ticker order by base_date rows between 59 preceding and current row) = 60,
      avg(close) over (partition by ticker order by base_date rows between 59 preceding and current row), null) as ma_60,
    if(count(daily_return) over (partition by ticker order by base_date rows between 19 preceding and current row) = 20,
      stddev_samp(daily_return) over (partition by ticker order by base_date rows between 19 preceding and current row), null) as volatility_20
  from returns
)
select base_date, ticker, name, market, close, daily_return, ma_5, ma_20, ma_60, volatility_20
from metrics
where base_date >= @range_start;
