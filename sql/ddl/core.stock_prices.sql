-- Table: core.stock_prices (generated from functions/sources/stock/tables.ts by `npm run generate`; do not edit)
-- Grain: one row per listing per trading day. Key: (base_date, ticker).
create table if not exists core.stock_prices (
  base_date date not null options (description = 'trading day (basDt)'),
  ticker string not null options (description = 'srtnCd'),
  isin string options (description = 'isinCd'),
  name string options (description = 'itmsNm'),
  market string options (description = 'mrktCtg: KOSPI / KOSDAQ / KONEX'),
  open int64 options (description = 'mkp'),
  high int64 options (description = 'hipr'),
  low int64 options (description = 'lopr'),
  close int64 options (description = 'clpr'),
  change int64 options (description = 'vs'),
  change_rate float64 options (description = 'fltRt, percent'),
  volume int64 options (description = 'trqu'),
  traded_value int64 options (description = 'trPrc'),
  listed_shares int64 options (description = 'lstgStCnt'),
  market_cap int64 options (description = 'mrktTotAmt')
)
partition by base_date
cluster by market, ticker
options (require_partition_filter = true, description = 'one row per listing per trading day');
