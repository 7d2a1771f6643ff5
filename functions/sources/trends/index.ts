import type { SourceDefinition } from '../types.js';
import { extractTrends, requestsPerUnit } from './client.js';
import { trendsFake } from './fake.js';
import { MAX_PER_REQUEST } from './keywords.js';
import { searchInterest } from './tables.js';
import { trendsToRows } from './transform.js';

export const trends: SourceDefinition = {
  source: 'trends',
  dataset: 'search_interest',
  description:
    'Google Trends interest (KR) for data-job keywords, daily: the comparison window ending on the unit day, per keyword group',
  // A window unit: the API answers any past date range, so a day can be backfilled. Fires at 09:30
  // KST for the previous day (its last point may still be partial; the next day's window redoes it).
  unit: 'window',
  schedule: { period: 'P1D', lag: 'P1D', cron: '30 9 * * *' },
  // Optional: with it, the official API (§6a); without it, the keyless explore/multiline flow (§6b).
  secretEnv: 'TRENDS_API_KEY',
  secretOptional: true,
  client: {
    baseUrl: 'https://trends.google.com',
    // Keywords per comparison (the unofficial API's limit); the client does not page.
    pageSize: MAX_PER_REQUEST,
    timeoutMs: 20_000,
    retries: 4,
    concurrency: 1,
    // The unofficial endpoints throttle (429) quickly: one request every 5 s, a few units a day.
    ratePerSecond: 0.2,
    dailyQuota: 200,
  },
  requestsPerUnit,
  extract: extractTrends,
  transform: { kind: 'rows', toRows: trendsToRows },
  tables: [{ table: searchInterest, mode: 'merge' }],
  checks: [],
  // Two days: two comparison windows, so the weekly mart picks the later one.
  demo: { from: '2025-09-14', to: '2025-09-16' },
  fake: trendsFake,
};
