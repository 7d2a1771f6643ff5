import type { SourceDefinition } from '../types.js';
import { extractSaramin } from './client.js';
import { saraminFake } from './fake.js';
import { saraminJobPostings } from './tables.js';
import { saraminToRows } from './transform.js';

export const saramin: SourceDefinition = {
  source: 'saramin',
  dataset: 'job_postings',
  description: 'Saramin job postings (IT/data by default), hourly by posting time',
  unit: 'window',
  // Fires at HH:05; with a 1 h lag the message covers the previous full hour.
  schedule: { period: 'PT1H', lag: 'PT1H', cron: '5 * * * *' },
  secretEnv: 'SARAMIN_ACCESS_KEY',
  client: {
    baseUrl: 'https://oapi.saramin.co.kr',
    pageSize: 110,
    timeoutMs: 15_000,
    retries: 3,
    concurrency: 1,
    ratePerSecond: 2,
    // 500 requests a day per key.
    dailyQuota: 500,
  },
  options: { job_mid_cd: '2' },
  // An hour of IT postings fits one or two pages of 110.
  requestsPerUnit: () => 2,
  extract: extractSaramin,
  // Each page's jobs are rows of their own: the stage streams the unit page by page.
  transform: { kind: 'rows', toRows: saraminToRows, perExchange: true },
  // core.job_postings is the model sql/core/job_postings.sql, built after each load.
  tables: [{ table: saraminJobPostings, mode: 'raw' }],
  checks: [
    'checks/job_postings__unique_posting_id.sql',
    'checks/job_postings__required_fields.sql',
  ],
  demo: { from: '2025-09-15T09:00', to: '2025-09-15T18:00' },
  fake: saraminFake,
};
