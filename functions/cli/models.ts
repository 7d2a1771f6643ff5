/**
 * `pipeline models build` and `pipeline migrate`: the model layer's commands (stages/models.ts,
 * stages/migrate.ts), on the local warehouse or, with --target gcp, on BigQuery.
 */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { orderModels, selectModels, type DateRange } from '../core/model.js';
import type { Warehouse } from '../core/ports.js';
// Commands import what they run when they run: `pipeline query` and `--help` load none of it.
import { readModels, sqlFilesIn } from '../sqlfiles.js';
import { UsageError } from './times.js';

type Target = 'local' | 'gcp';

const err = (line: string) => process.stderr.write(`${line}\n`);

/** The warehouse of a target, and how to let go of it. */
async function openWarehouse(
  target: Target,
  root: string,
  env: Record<string, string | undefined>,
): Promise<{ warehouse: Warehouse; close: () => Promise<void> }> {
  if (target === 'gcp') {
    const [{ parseConfig }, { SOURCES }] = await Promise.all([
      import('../config.js'),
      import('../sources/registry.js'),
    ]);
    const config = parseConfig(env, SOURCES);
    if (config.projectId === 'local')
      throw new UsageError('--target gcp needs GOOGLE_CLOUD_PROJECT');
    const { BigQueryWarehouse } = await import('../adapters/gcp/bigquery.js');
    return {
      warehouse: new BigQueryWarehouse({ projectId: config.projectId }),
      close: async () => {},
    };
  }
  const { mkdirSync } = await import('node:fs');
  mkdirSync(root, { recursive: true });
  const { DuckDbWarehouse } = await import('../adapters/local/duckdb.js');
  const wh = await DuckDbWarehouse.open(join(root, 'warehouse.duckdb'), () => {
    throw new UsageError('models do not load files');
  });
  return { warehouse: wh, close: () => wh.close() };
}

const targetOption = () =>
  new Option('--target <where>', 'the local warehouse or BigQuery')
    .choices(['local', 'gcp'])
    .default('local');

export function addModelCommands(
  program: Command,
  env: Record<string, string | undefined>,
  setCode: (code: number) => void,
): void {
  const models = program
    .command('models')
    .description(
      'The model layer: sql/{staging,intermediate,core,mart} built in dependency order.',
    );
  models
    .command('build')
    .description(
      'Build models in dependency order, then run their header tests. Without --from/--to: all history.',
    )
    .option(
      '--select <models...>',
      'only these (table name or dataset.table; name+ adds downstream, +name upstream)',
    )
    .option('--from <date>', 'first changed day (KST date, inclusive)')
    .option('--to <date>', 'last day (exclusive); default tomorrow')
    .option(
      '--full-refresh',
      'drop and recreate the tables models own, then build all history',
      false,
    )
    .option('--json', 'print the runs as JSON', false)
    .addOption(targetOption())
    .addOption(new Option('--root <dir>', 'state folder').default('.pipeline'))
    .addHelpText(
      'after',
      `
Incremental models rebuild the partitions of the range plus their declared lookback (a changed day D
re-derives the later days whose window holds D); views are recreated.

Examples:
  pipeline models build
  pipeline models build --select stock_daily_metrics --from 2025-11-05 --to 2025-11-06
  pipeline models build --select job_postings+ --full-refresh`,
    )
    .action(
      async (o: {
        select?: string[];
        from?: string;
        to?: string;
        fullRefresh: boolean;
        json: boolean;
        target: Target;
        root: string;
      }) => {
        const { buildModels, kstTomorrow, parseDay } = await import('../stages/models.js');
        const until = o.to ? parseDay(o.to, '--to') : kstTomorrow(Date.now());
        if (o.to && !o.from) throw new UsageError('--to needs --from');
        if (o.fullRefresh && o.from)
          throw new UsageError('--full-refresh builds all history; drop --from');
        const range: DateRange | undefined = o.from
          ? { start: parseDay(o.from, '--from'), end: until }
          : undefined;
        if (range && range.start >= range.end) throw new UsageError('--from must be before --to');
        const chosen = selectModels(readModels(), o.select ?? []);
        const owned = new Set(sqlFilesIn('ddl/models'));
        const { warehouse, close } = await openWarehouse(o.target, o.root, env);
        try {
          const runs = await buildModels(
            warehouse,
            orderModels(chosen),
            {
              ...(range ? { range } : {}),
              until,
              views: true,
              fullRefresh: o.fullRefresh,
              log: o.json ? undefined : (line) => console.log(line),
            },
            (m) => (owned.has(`ddl/models/${m.name}.sql`) ? `ddl/models/${m.name}.sql` : undefined),
          );
          if (o.json) console.log(JSON.stringify(runs, null, 2));
          const failures = runs.flatMap((r) => r.failures);
          for (const f of failures) err(`test failed: ${f}`);
          setCode(failures.length > 0 ? 1 : 0);
        } finally {
          await close();
        }
      },
    );

  program
    .command('migrate')
    .description(
      'Create what Terraform does not own: model tables (adding NULLABLE columns; any other schema change fails), seeds, views. Idempotent.',
    )
    .addOption(targetOption())
    .addOption(new Option('--root <dir>', 'state folder (local)').default('.pipeline'))
    .addHelpText(
      'after',
      `\nExamples:\n  pipeline migrate\n  GOOGLE_CLOUD_PROJECT=my-project pipeline migrate --target gcp`,
    )
    .action(async (o: { target: Target; root: string }) => {
      const [{ migrate }, { MODEL_TABLES }] = await Promise.all([
        import('../stages/migrate.js'),
        import('../sources/models.js'),
      ]);
      const { warehouse, close } = await openWarehouse(o.target, o.root, env);
      try {
        await migrate(warehouse, {
          terraform: o.target === 'local',
          tables: MODEL_TABLES,
          log: (line) => console.log(line),
        });
      } finally {
        await close();
      }
      setCode(0);
    });
}
