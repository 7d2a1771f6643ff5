import type { SourceDefinition } from '../types.js';
import { extractSeoulPopulation, configuredPlaces } from './client.js';
import { seoulFake } from './fake.js';
import { seoulPopulation, seoulPopulationForecast } from './tables.js';
import { seoulToRows } from './transform.js';

export const seoulPopulationSource: SourceDefinition = {
  source: 'seoul_population',
  dataset: 'hotspots',
  description: 'Real-time population of the 121 Seoul hotspots (citydata_ppltn), every 20 minutes',
  // The API only answers "now": a snapshot per 20-minute slot, never backfilled.
  unit: 'snapshot',
  schedule: { period: 'PT20M', lag: 'PT0M', cron: '*/20 * * * *' },
  secretEnv: 'SEOUL_OPEN_API_KEY',
  client: {
    baseUrl: 'http://openapi.seoul.go.kr:8088',
    pageSize: 5,
    // One place answers in well under a second; 3 attempts fit a 20-minute period many times over.
    timeoutMs: 10_000,
    retries: 3,
    concurrency: 4,
    ratePerSecond: 10,
    // Reported by one client: ~1,000 calls a day per key, shared across Seoul services.
    dailyQuota: 1_000,
  },
  requestsPerUnit: (options) => configuredPlaces(options).length,
  extract: extractSeoulPopulation,
  transform: { kind: 'rows', toRows: seoulToRows },
  tables: [
    { table: seoulPopulation, mode: 'merge' },
    { table: seoulPopulationForecast, mode: 'merge' },
  ],
  checks: [],
  // A snapshot source replays its schedule on the fake API: the two hours before the demo runs.
  demo: { from: '-PT2H', to: 'now' },
  fake: seoulFake,
};
