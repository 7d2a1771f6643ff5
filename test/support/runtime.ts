/** Helpers for integration tests: a runtime in a temp folder, a window runner, stable table hashes. */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import {
  createLocalRuntime,
  type LocalRuntime,
  type LocalRuntimeOptions,
} from '../../functions/adapters/local/runtime.js';
import { backfill } from '../../functions/cli/backfill.js';
import { parseInstant } from '../../functions/core/slots.js';
import { getSource } from '../../functions/sources/registry.js';

export async function tempRuntime(
  options: Partial<LocalRuntimeOptions> = {},
): Promise<LocalRuntime & { printed: string[] }> {
  const printed: string[] = [];
  const root = mkdtempSync(join(tmpdir(), 'pipeline-test-'));
  // No real keys, no webhook: the fake API serves fixtures and Slack lines are collected.
  const rt = await createLocalRuntime({
    root,
    env: {
      SARAMIN_ACCESS_KEY: '',
      DATA_GO_KR_SERVICE_KEY: '',
      SEOUL_OPEN_API_KEY: '',
      SLACK_WEBHOOK_URL: '',
    },
    print: (l) => printed.push(l),
    ...options,
  });
  return Object.assign(rt, { printed });
}

/**
 * `fresh(options)` for one test file: each call a runtime in a temp folder, all of them closed after
 * the file's tests.
 */
export function runtimeFactory(): (
  options?: Partial<LocalRuntimeOptions>,
) => Promise<LocalRuntime & { printed: string[] }> {
  const runtimes: LocalRuntime[] = [];
  after(async () => {
    for (const rt of runtimes) await rt.close();
  });
  return async (options = {}) => {
    const rt = await tempRuntime(options);
    runtimes.push(rt);
    return rt;
  };
}

export async function runWindow(
  rt: LocalRuntime,
  source: string,
  from: string,
  to: string,
  force = true,
  concurrency = 4,
  /** Spark sources: days per Spark run (default: the runtime's SPARK_BATCH_DAYS, as the CLI). */
  batchDays = rt.config.sparkBatchDays,
) {
  const def = getSource(source);
  return backfill({
    batchDays,
    def,
    from: parseInstant(from),
    to: parseInstant(to),
    force,
    concurrency,
    topic: `${rt.config.topicPrefix}${def.source}`,
    publisher: rt.bus,
    ledger: rt.warehouse,
    settle: () => rt.bus.drain(),
    progress: () => {},
    ...(def.unit === 'snapshot' ? { replay: rt.clock } : {}),
  });
}

/** sha256 of the table's rows sorted by their JSON text: equal hashes = identical tables. */
export async function tableHash(
  rt: { warehouse: { query(sql: string): Promise<Record<string, unknown>[]> } },
  sql: string,
): Promise<{ hash: string; rows: number }> {
  const rows = (await rt.warehouse.query(sql)).map((r) =>
    JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  );
  rows.sort();
  return { hash: createHash('sha256').update(rows.join('\n')).digest('hex'), rows: rows.length };
}

/**
 * The ledger's latest state per slot and stage, without run ids, timings or generations. Curated
 * files carry their raw object's generation as lineage, so only the extract's hash (the API bytes)
 * is comparable across two separate runs.
 */
export const LEDGER_STATE_SQL = `
  select source, dataset, slot_id, stage, status, rows_in, rows_out, api_total, object,
    case when stage = 'extract' then content_md5 end as api_md5, error_code
  from ops.pipeline_runs
  where status != 'skipped'
  qualify row_number() over (partition by source, dataset, slot_id, stage order by finished_at desc, started_at desc) = 1`;
