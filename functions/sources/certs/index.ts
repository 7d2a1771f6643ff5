import type { SourceDefinition } from '../types.js';
import { extractCerts } from './client.js';
import { certsFake } from './fake.js';
import { certKeys, parseCertKey } from './items.js';
import { certExamStats } from './tables.js';
import { certsToRows } from './transform.js';

export const certs: SourceDefinition = {
  source: 'certs',
  dataset: 'exam_stats',
  description:
    'Q-Net national certification statistics (InquiryStatSVC): written and practical counts per item and base year',
  // A full refresh per item and base year (`1320-2024`), run on demand: no scheduler.
  unit: 'keyed',
  schedule: { period: 'P1D', lag: 'PT0M' },
  keys: certKeys,
  secretEnv: 'DATA_GO_KR_SERVICE_KEY',
  client: {
    baseUrl: 'http://openapi.q-net.or.kr',
    pageSize: 10,
    timeoutMs: 30_000,
    retries: 3,
    concurrency: 1,
    ratePerSecond: 5,
    // data.go.kr development accounts: typically 1,000-10,000 calls a day; take the low end.
    dailyQuota: 1_000,
  },
  requestsPerUnit: () => 2,
  extract: extractCerts,
  transform: { kind: 'rows', toRows: certsToRows },
  tables: [
    {
      table: certExamStats,
      mode: 'replace',
      keyOf: (key) => {
        const k = parseCertKey(key);
        return k ? { jm_cd: k.jmCd, base_yy: k.baseYY } : undefined;
      },
    },
  ],
  checks: [],
  // Keyed: the demo (and any backfill) publishes every key of keys(); from/to are not used.
  demo: { from: '2024-01-01', to: '2024-01-02' },
  fake: certsFake,
};
