/**
 * Every function entry point the composition root registers, with the trigger it needs.
 * Terraform wiring tests read this list: an entry point without a deployed function fails the suite.
 */
export type Trigger =
  { kind: 'pubsub'; topic: 'per-source' | string } | { kind: 'storage'; bucket: 'raw' | 'curated' };

export interface EntryPoint {
  name: string;
  trigger: Trigger;
  description: string;
}

export const ENTRY_POINTS: readonly EntryPoint[] = [
  {
    name: 'extract',
    trigger: { kind: 'pubsub', topic: 'per-source' },
    description: 'Scheduled or backfill message -> call the API for one slot -> raw object',
  },
  {
    name: 'transform',
    trigger: { kind: 'storage', bucket: 'raw' },
    description:
      'Raw object finalized -> typed rows in the curated bucket (or start the Spark job)',
  },
  {
    name: 'load',
    trigger: { kind: 'storage', bucket: 'curated' },
    description:
      'Curated object (or _SUCCESS) finalized -> BigQuery raw/core, then data-quality checks',
  },
  {
    name: 'dead_letter',
    trigger: { kind: 'pubsub', topic: 'dead-letter' },
    description: 'Event that exhausted its retries -> dead-letter object + one alert',
  },
  {
    name: 'sweep_clusters',
    trigger: { kind: 'pubsub', topic: 'maintenance' },
    description: 'Scheduled: delete ephemeral clusters that outlived their TTL, alert once',
  },
];
