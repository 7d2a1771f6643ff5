import type { SourceDefinition } from '../types.js';
import { extractSenuri } from './client.js';
import { senuriFake } from './fake.js';
import { senuriJobDetails, senuriJobList } from './tables.js';
import { senuriToRows } from './transform.js';

export const senuri: SourceDefinition = {
  source: 'senuri',
  dataset: 'job_postings',
  description:
    '100세누리 senior job postings (SenuriService getJobList + getJobInfo, XML), the previous KST day each morning',
  // 07:00 KST minus a 12 h lag lands at 19:00 the day before: the unit is the previous KST day.
  unit: 'window',
  schedule: { period: 'P1D', lag: 'PT12H', cron: '0 7 * * *' },
  secretEnv: 'DATA_GO_KR_SERVICE_KEY',
  client: {
    baseUrl: 'https://apis.data.go.kr',
    // numOfRows=1000 works in one call (§2); the tests page with SENURI_PAGE_SIZE.
    pageSize: 1000,
    // Answers take 9-30 s; 45 s x 2 attempts = 90 s per call at worst, inside the budget below.
    timeoutMs: 45_000,
    retries: 2,
    concurrency: 8,
    ratePerSecond: 4,
    // data.go.kr development accounts: typically 1,000-10,000 calls a day; take the low end.
    dailyQuota: 1_000,
  },
  options: {
    // Detail calls stop when the next one might not finish inside this (the function has 540 s).
    budgetSeconds: '420',
    maxPages: '20',
  },
  // A day's new or changed postings plus 2-3 list pages; unchanged postings are not asked again.
  requestsPerUnit: () => 300,
  extract: extractSenuri,
  transform: { kind: 'rows', toRows: senuriToRows },
  tables: [
    { table: senuriJobList, mode: 'merge' },
    { table: senuriJobDetails, mode: 'merge' },
  ],
  checks: [],
  // The fixture list's postings open 2026-11-20 .. 2026-11-25: two days of units.
  demo: { from: '2026-11-23', to: '2026-11-25' },
  fake: senuriFake,
};
