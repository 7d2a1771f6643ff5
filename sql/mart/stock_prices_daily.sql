-- Model: mart.stock_prices_daily (view)
-- Grain: one row per listing per trading day over the last three years. Key: (base_date, ticker).
-- Input: core.stock_prices (its moving averages and returns come from the Spark job).
-- Feeds: the price chart with moving averages and the daily-return bars.
-- dashboard: {"page": "stocks", "title": "종가와 이동평균 · Close with moving averages", "chart": "line", "x": "base_date", "y": ["close", "ma_5", "ma_20", "ma_60"], "agg": "max", "filters": {"date": "base_date", "ticker": "ticker"}, "labels": {"ticker": "name"}}
-- dashboard: {"page": "stocks", "title": "최근 거래일 등락률 · Latest daily return (%)", "chart": "bar", "x": "name", "y": "daily_return_pct", "latest": "base_date", "sort": "value", "limit": 20, "filters": {"date": "base_date"}}
-- dashboard: {"page": "stocks", "title": "거래대금 상위 종목 · Top traded value (latest day)", "chart": "bar", "x": "name", "y": "traded_value", "series": "market", "stack": true, "latest": "base_date", "sort": "value", "limit": 10, "filters": {"date": "base_date"}}
create or replace view mart.stock_prices_daily as
select
  base_date,
  ticker,
  name,
  market,
  close,
  round(ma_5, 1) as ma_5,
  round(ma_20, 1) as ma_20,
  round(ma_60, 1) as ma_60,
  volume,
  traded_value,
  round(daily_return * 100, 2) as daily_return_pct
from core.stock_prices
where base_date >= date_sub(date(current_timestamp(), 'Asia/Seoul'), interval 3 year);
