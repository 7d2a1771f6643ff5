import type { SourceDefinition } from '../types.js';
import { extractStock } from './client.js';
import { stockFake } from './fake.js';
import { stockPrices } from './tables.js';

export const stock: SourceDefinition = {
  source: 'stock',
  dataset: 'daily_prices',
  description: 'Daily prices of every KOSPI/KOSDAQ/KONEX listing (data.go.kr 15094808, V2)',
  unit: 'window',
  // Published after ~13:00 KST on D+1: fire at 13:30 on business days for the previous business day.
  schedule: { period: 'P1D', lag: 'P1D', businessDaysOnly: true, cron: '30 13 * * 1-5' },
  secretEnv: 'DATA_GO_KR_SERVICE_KEY',
  client: {
    baseUrl: 'https://apis.data.go.kr',
    pageSize: 1000,
    timeoutMs: 30_000,
    retries: 3,
    concurrency: 1,
    ratePerSecond: 5,
    // data.go.kr development accounts: 10,000 calls a day per service.
    dailyQuota: 10_000,
  },
  options: { path: '/1160100/GetStockSecuritiesInfoService_V2/getStockPriceInfo_V2' },
  requestsPerUnit: () => 3,
  extract: extractStock,
  transform: { kind: 'spark', mainPythonFile: 'stock_prices.py' },
  tables: [{ table: stockPrices, mode: 'partition' }],
  checks: ['checks/stock_prices__unique_ticker_per_day.sql'],
  demo: { from: '2025-11-03', to: '2025-11-15', needsSpark: true },
  fake: stockFake,
};
