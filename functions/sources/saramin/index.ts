import type { SourceDefinition } from '../types.js';
import { extractSaramin } from './client.js';
import { saraminToRows } from './transform.js';

export const saramin: SourceDefinition = {
  source: 'saramin',
  dataset: 'job_postings',
  description: 'Saramin job postings (IT/data by default), hourly by posting time',
  // Fires at HH:05; with a 1 h lag the message covers the previous full hour.
  schedule: { period: 'PT1H', lag: 'PT1H', cron: '5 * * * *' },
  secretEnv: 'SARAMIN_ACCESS_KEY',
  client: {
    baseUrl: 'https://oapi.saramin.co.kr',
    pageSize: 110,
    timeoutMs: 15_000,
    retries: 3,
    concurrency: 1,
    // 500 requests/day per key: keep bursts gentle.
    ratePerSecond: 2,
  },
  options: { job_mid_cd: '2' },
  rawExtension: 'json',
  extract: extractSaramin,
  transform: { kind: 'rows', toRows: saraminToRows },
  load: { mode: 'merge', rawTable: 'raw.saramin_job_postings', models: ['core/job_postings.sql'] },
  checks: [
    'checks/job_postings__unique_posting_id.sql',
    'checks/job_postings__required_fields.sql',
    'checks/saramin_job_postings__reconciliation.sql',
  ],
};
