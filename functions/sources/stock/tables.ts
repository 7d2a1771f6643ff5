/**
 * core.stock_prices, declared once: the DDL and the BigQuery schema come from here. The PySpark job
 * writes these columns (functions/spark/stock_prices.py OUTPUT_SCHEMA; test/unit/sources/tables.test.ts
 * fails when the two disagree).
 */
import { col, table } from '../../core/table.js';

/** Typed daily prices as the Spark job writes them; the metrics are models (stockDailyMetrics). */
export const stockPrices = table({
  name: 'core.stock_prices',
  grain: 'one row per listing per trading day',
  columns: {
    base_date: col.date('trading day (basDt)', 'REQUIRED'),
    ticker: col.string('srtnCd', 'REQUIRED'),
    isin: col.string('isinCd'),
    name: col.string('itmsNm'),
    market: col.string('mrktCtg: KOSPI / KOSDAQ / KONEX'),
    open: col.int64('mkp'),
    high: col.int64('hipr'),
    low: col.int64('lopr'),
    close: col.int64('clpr'),
    change: col.int64('vs'),
    change_rate: col.float64('fltRt, percent'),
    volume: col.int64('trqu'),
    traded_value: col.int64('trPrc'),
    listed_shares: col.int64('lstgStCnt'),
    market_cap: col.int64('mrktTotAmt'),
  },
  key: ['base_date', 'ticker'],
  partitionBy: 'base_date',
  clusterBy: ['market', 'ticker'],
});

/**
 * mart.stock_daily_metrics: returns and moving averages, derived from core.stock_prices by the model
 * sql/mart/stock/stock_daily_metrics.sql (insert-overwrite of the days a load touched plus the 100
 * calendar days after them, reading 100 days of history before them). Created by `pipeline migrate`.
 */
export const stockDailyMetrics = table({
  name: 'mart.stock_daily_metrics',
  grain: 'one row per listing per trading day, with the metrics of its trailing window',
  columns: {
    base_date: col.date('trading day', 'REQUIRED'),
    ticker: col.string('srtnCd', 'REQUIRED'),
    name: col.string('itmsNm'),
    market: col.string('KOSPI / KOSDAQ / KONEX'),
    close: col.int64('closing price'),
    daily_return: col.float64('close / previous close - 1 (null on the first row in the window)'),
    ma_5: col.float64('mean close of the last 5 trading days (null with fewer)'),
    ma_20: col.float64('mean close of the last 20 trading days'),
    ma_60: col.float64('mean close of the last 60 trading days'),
    volatility_20: col.float64('sample std dev of the last 20 daily returns'),
  },
  key: ['base_date', 'ticker'],
  partitionBy: 'base_date',
  clusterBy: ['market', 'ticker'],
});
