-- grain: one row per listing per trading day over the last three years
-- materialized: view
-- tests: unique(base_date, ticker)
-- Key: (base_date, ticker).
-- Input: mart.stock_daily_metrics (returns and moving averages, an incremental model) and
--   core.stock_prices (volume, traded value), the last three years of partitions of each.
-- Feeds: the price chart with moving averages and the daily-return bars.
-- dashboard: {"page": "stocks", "title": "종가와 이동평균 · Close with moving averages", "chart": "line", "x": "base_date", "y": ["close", "ma_5", "ma_20", "ma_60"], "agg": "max", "filters": {"date": "base_date", "ticker": "ticker"}, "labels": {"ticker": "name"}}
-- dashboard: {"page": "stocks", "title": "최근 거래일 등락률 · Latest daily return (%)", "chart": "bar", "x": "name", "y": "daily_return_pct", "latest": "base_date", "sort": "value", "limit": 20, "filters": {"date": "base_date"}}
-- dashboard: {"page": "stocks", "title": "거래대금 상위 종목 · Top traded value (latest day)", "chart": "bar", "x": "name", "y": "traded_value", "series": "market", "stack": true, "latest": "base_date", "sort": "value", "limit": 10, "filters": {"date": "base_date"}}
create or replace view mart.stock_prices_daily as
select
  m.base_date,
  m.ticker,
  m.name,
  m.market,
  m.close,
  round(m.ma_5, 1) as ma_5,
  round(m.ma_20, 1) as ma_20,
  round(m.ma_60, 1) as ma_60,
  p.volume,
  p.traded_value,
  round(m.daily_return * 100, 2) as daily_return_pct
from mart.stock_daily_metrics as m
join core.stock_prices as p
  on p.base_date = m.base_date and p.ticker = m.ticker
where m.base_date >= date_sub(date(current_timestamp(), 'Asia/Seoul'), interval 3 year)
  and p.base_date >= date_sub(date(current_timestamp(), 'Asia/Seoul'), interval 3 year);
