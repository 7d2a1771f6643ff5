import type { SourceDefinition } from '../types.js';
import { extractSeniorProjects } from './client.js';
import { seniorProjectsFake } from './fake.js';
import { projectKeys } from './files.js';
import { seniorProjectsRaw } from './tables.js';
import { checkProjectPages, seniorProjectsPageRows } from './transform.js';

export const seniorProjects: SourceDefinition = {
  source: 'senior_projects',
  dataset: 'projects',
  description:
    'Senior job programme projects (노인일자리 사업, data.go.kr 15050148): yearly files on the odcloud file API, full refresh per year',
  // A full refresh per yearly file (`key=2024`), run on demand (backfill): no scheduler.
  unit: 'keyed',
  schedule: { period: 'P1D', lag: 'PT0M' },
  keys: projectKeys,
  secretEnv: 'DATA_GO_KR_SERVICE_KEY',
  client: {
    baseUrl: 'https://api.odcloud.kr',
    // A yearly file holds ~8,000-40,000 rows: 500 a page keeps a page ~250 KB and a file <= 80 calls.
    pageSize: 500,
    timeoutMs: 30_000,
    retries: 3,
    concurrency: 2,
    ratePerSecond: 5,
    // data.go.kr development accounts: typically 1,000-10,000 calls a day; take the low end.
    dailyQuota: 1_000,
  },
  // The largest file at the default page size (40,000 rows / 500); the real count is totalCount's.
  requestsPerUnit: () => 80,
  extract: extractSeniorProjects,
  // Page by page (a yearly file is up to ~80 pages of 500), then the checks across pages.
  transform: {
    kind: 'rows',
    toRows: seniorProjectsPageRows,
    perExchange: true,
    checkUnit: checkProjectPages,
  },
  // The raw rows only: the staging model renames them, core.senior_job_projects and the marts follow.
  tables: [{ table: seniorProjectsRaw, mode: 'raw' }],
  checks: [],
  // Keyed: the demo (and any backfill) publishes every key of keys(); from/to are not used.
  demo: { from: '2024-01-01', to: '2024-01-02' },
  fake: seniorProjectsFake,
};
