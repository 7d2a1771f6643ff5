/** A stand-in for Dataproc / local Spark in integration tests: writes what stock_prices.py writes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { TransientError } from '../../functions/core/errors.js';
import type { ClusterRunner, SparkRun } from '../../functions/core/ports.js';

/** The --date/--output pairs of a run, in argument order (one for a day, several for a batch). */
export function daysOf(run: SparkRun): { date: string; output: string }[] {
  const out: { date: string; output: string }[] = [];
  run.args.forEach((a, i) => {
    if (a === '--date') out.push({ date: run.args[i + 1]!, output: run.args[i + 3]! });
  });
  return out;
}

/** Writes what stock_prices.py writes for each day of the run: a Parquet file, then _SUCCESS. */
export async function writeSparkOutput(
  rt: LocalRuntime,
  run: SparkRun,
  rows: number,
): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  for (const { date, output } of daysOf(run)) {
    mkdirSync(output, { recursive: true });
    await c.run(
      `copy (select date '${date}' as base_date, lpad(cast(i as varchar), 6, '0') as ticker, 100::bigint as close from range(${rows}) t(i)) to '${output}/part-00000.parquet' (format parquet)`,
    );
    writeFileSync(
      `${output}/_SUCCESS`,
      JSON.stringify({ format: 'parquet', date, rows_in: rows, rows_out: rows }),
    );
    rt.store.adoptPath(output);
  }
  c.closeSync();
  db.closeSync();
}

/**
 * Replaces the runtime's cluster runner: the first `failFirst` submits fail as Dataproc UNAVAILABLE,
 * the others write 3 rows per day. Returns the submitted runs, in order.
 */
export function standIn(rt: LocalRuntime, failFirst: number): SparkRun[] {
  const submits: SparkRun[] = [];
  const runner: ClusterRunner = {
    submit: async (run) => {
      submits.push(run);
      if (submits.length <= failFirst)
        throw new TransientError('DATAPROC.UNAVAILABLE', 'Dataproc answered UNAVAILABLE');
      await writeSparkOutput(rt, run, 3);
      return { operation: `op/${run.name}` };
    },
    listClusters: async () => [],
    deleteCluster: async () => {},
  };
  rt.deps.clusters = runner;
  return submits;
}
