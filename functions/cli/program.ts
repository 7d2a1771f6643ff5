/**
 * The `pipeline` command line (commander): one subcommand per operator action, each with --help and
 * examples. Every failure ends as one line on stderr and an exit code (see runCli); nothing prompts.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { MAX_BATCH_DAYS } from '../config.js';
import { PipelineError } from '../core/errors.js';
import type { LocalRuntime } from '../adapters/local/runtime.js';
import { packageRoot } from '../sqlfiles.js';
import { onInterrupt, resumeCommand, SIGNAL_EXIT_CODES } from './interrupt.js';
import { addModelCommands } from './models.js';
import { table } from './summary.js';
import { CONFIRM_ABOVE_SLOTS, parseWindow, UsageError } from './times.js';
// window.js (the sources, the runtime's stages) is imported by the commands that run windows, when
// they run: `pipeline query` and `--help` start without it.
import type { Summary } from './window.js';

const err = (line: string) => process.stderr.write(`${line}\n`);
const windowModule = () => import('./window.js');

export interface DemoWindow {
  from: string;
  to: string;
  needsSpark?: boolean;
}

export interface CliContext {
  env: Record<string, string | undefined>;
  /** Fixture windows the fake API serves, per source (`pipeline demo`). */
  /** Or a function that loads them (the CLI: the source registry is imported only by `pipeline demo`). */
  demoWindows: Record<string, DemoWindow> | (() => Promise<Record<string, DemoWindow>>);
}

const TIMES = `
Times: 2025-09-15 (a KST date), 2025-09-15T09:00 (KST unless it carries Z or +hh:mm), now,
or a slot id such as 2025-09-15T09:00+09:00/PT1H. The window is [--from, --to): --to is exclusive,
except that a slot id given as --to means that slot's end, so the slot is included. Impossible dates
(2025-02-30) are refused. A window of more than ${CONFIRM_ABOVE_SLOTS} slots needs --yes.`;

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number >= 1');
  return n;
}

const rootOption = () =>
  new Option('--root <dir>', 'state folder: buckets, warehouse, logs').default('.pipeline');

/** The state folder must be a folder; created when missing (unless the command only reads). */
function useRoot(root: string, create: boolean): string {
  if (existsSync(root) && !statSync(root).isDirectory())
    throw new UsageError(`--root ${root} is a file, not a folder`);
  if (create) mkdirSync(root, { recursive: true });
  return root;
}

async function withRuntime<T>(
  ctx: CliContext,
  root: string,
  chaos: boolean,
  work: (rt: LocalRuntime) => Promise<T>,
): Promise<T> {
  // Loaded on use, so --help and argument mistakes answer without loading DuckDB and every adapter.
  const { createLocalRuntime } = await import('../adapters/local/runtime.js');
  const rt = await createLocalRuntime({ root: useRoot(root, true), env: ctx.env, chaos });
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}

function sparkInstalled(env: Record<string, string | undefined>): boolean {
  return existsSync(join(packageRoot(), '.venv', 'bin', 'spark-submit')) || !!env.SPARK_SUBMIT;
}

interface WindowOpts {
  source: string;
  from: string;
  to: string;
  json: boolean;
  chaos: boolean;
  force: boolean;
  yes: boolean;
  concurrency?: number;
  batchDays?: number;
  root: string;
  target: 'local' | 'gcp';
}

/** 130/143 after SIGINT/SIGTERM; 1 while a slot failed or is unfinished; else 0. */
function windowExitCode(s: Summary, sig: keyof typeof SIGNAL_EXIT_CODES | undefined): number {
  if (sig) return SIGNAL_EXIT_CODES[sig];
  return s.failed_slots > 0 || s.incomplete_slots > 0 ? 1 : 0;
}

function batchDaysOf(o: WindowOpts, fallback: number): number {
  const n = o.batchDays ?? fallback;
  if (n < 1 || n > MAX_BATCH_DAYS)
    throw new UsageError(`--batch-days must be between 1 and ${MAX_BATCH_DAYS}`);
  return n;
}

export function buildProgram(ctx: CliContext, setCode: (code: number) => void): Command {
  const program = new Command('pipeline')
    .description(
      'Operate the Korean data pipelines: run windows end to end on the embedded runtime (state in --root), backfill, query the local warehouse.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: () => {}, // runCli prints the one error line itself
    })
    .addHelpText(
      'after',
      `\nRun \`pipeline <command> --help\` for a command's options and examples.`,
    );

  const windowCommand = (name: 'run' | 'backfill', description: string, examples: string) => {
    const cmd = program
      .command(name)
      .description(description)
      .requiredOption('--source <name>', 'source to run (e.g. saramin, stock)')
      .requiredOption('--from <time>', 'window start (inclusive)')
      .requiredOption('--to <time>', 'window end (exclusive)')
      .option('--concurrency <n>', 'slots in flight at once', wholeNumber)
      .option(
        '--batch-days <n>',
        `Spark sources: days per Spark run (one cluster), 1 = one run per day (default: SPARK_BATCH_DAYS, 31; at most ${MAX_BATCH_DAYS})`,
        wholeNumber,
      )
      .option('--yes', `confirm a window of more than ${CONFIRM_ABOVE_SLOTS} slots`, false)
      .option('--json', 'print the summary as JSON', false)
      .addOption(rootOption())
      .addHelpText('after', `${TIMES}\n\nExamples:\n${examples}`);
    return cmd;
  };

  windowCommand(
    'run',
    'Run every slot of a window end to end, even slots already loaded (unchanged data is a no-op).',
    `  pipeline run --source saramin --from 2025-09-15T09:00 --to 2025-09-15T12:00
  pipeline run --source saramin --from 2025-09-15T09:00+09:00/PT1H --to 2025-09-15T09:00+09:00/PT1H
  pipeline run --source stock --from 2025-11-03 --to 2025-11-08 --json`,
  )
    .option('--chaos', 'deliver every event twice and out of order', false)
    .action(async (o: WindowOpts) => {
      const { planWindow, printSummary, runWindow } = await windowModule();
      const w = parseWindow(o.from, o.to);
      const { def } = planWindow(o.source, w, o.yes);
      const stop = onInterrupt(err);
      try {
        const s = await withRuntime(ctx, o.root, o.chaos, (rt) =>
          runWindow(
            rt,
            def,
            o,
            w,
            true,
            o.concurrency ?? 4,
            false,
            { signal: stop.signal, resumeCommand: resumeCommand('run', o) },
            batchDaysOf(o, rt.config.sparkBatchDays),
          ),
        );
        if (o.json) console.log(JSON.stringify(s, null, 2));
        else printSummary(s);
        setCode(windowExitCode(s, stop.received()));
      } finally {
        stop.dispose();
      }
    });

  windowCommand(
    'backfill',
    'Load a window, resumably: slots the ledger shows loaded (or empty) are skipped unless --force.',
    `  pipeline backfill --source stock --from 2025-11-01 --to 2025-12-01
  pipeline backfill --source saramin --from 2025-09-01 --to 2025-09-15 --yes --concurrency 4
  pipeline backfill --source stock --from 2025-11-03 --to 2025-11-04 --force --target gcp`,
  )
    .option('--force', 'rerun loaded slots and rewrite their data', false)
    .addOption(
      new Option(
        '--target <where>',
        'local runtime or the deployed platform (Pub/Sub + BigQuery ledger)',
      )
        .choices(['local', 'gcp'])
        .default('local'),
    )
    .action(async (o: WindowOpts) => {
      const { planWindow, printSummary, runOnGcp, runWindow } = await windowModule();
      const w = parseWindow(o.from, o.to);
      const { def } = planWindow(o.source, w, o.yes);
      const concurrency = o.concurrency ?? 2;
      const stop = onInterrupt(err);
      try {
        if (o.target === 'gcp') {
          const code = await runOnGcp(
            'backfill',
            {
              def,
              window: w,
              force: o.force,
              json: o.json,
              concurrency,
              signal: stop.signal,
              ...(o.batchDays !== undefined ? { batchDays: batchDaysOf(o, 1) } : {}),
            },
            ctx.env,
          );
          const sig = stop.received();
          setCode(sig ? SIGNAL_EXIT_CODES[sig] : code);
          return;
        }
        const s = await withRuntime(ctx, o.root, false, (rt) =>
          runWindow(
            rt,
            def,
            o,
            w,
            o.force,
            concurrency,
            o.force,
            { signal: stop.signal, resumeCommand: resumeCommand('backfill', o) },
            batchDaysOf(o, rt.config.sparkBatchDays),
          ),
        );
        if (o.json) console.log(JSON.stringify(s, null, 2));
        else printSummary(s);
        setCode(windowExitCode(s, stop.received()));
      } finally {
        stop.dispose();
      }
    });

  program
    .command('demo')
    .description(
      "Run each source's fixture window against its fake API, in its own state folder (never .pipeline).",
    )
    .option('--source <name>', 'only this source')
    .option('--json', 'print the summaries as JSON', false)
    .addOption(rootOption().default('.pipeline-demo'))
    .addHelpText(
      'after',
      `\nExamples:\n  pipeline demo\n  pipeline demo --source saramin --json\n  npm run demo   (installs what the demo needs first)`,
    )
    .action(async (o: { source?: string; json: boolean; root: string }) => {
      const [{ getSource }, { printSummary, runWindow }] = await Promise.all([
        import('../sources/registry.js'),
        windowModule(),
      ]);
      const demoWindows =
        typeof ctx.demoWindows === 'function' ? await ctx.demoWindows() : ctx.demoWindows;
      const windows = Object.entries(demoWindows).filter(
        ([source]) => !o.source || source === o.source,
      );
      if (o.source) getSource(o.source);
      if (windows.length === 0) throw new UsageError(`no demo window for ${o.source}`);
      const summaries: Summary[] = [];
      await withRuntime(ctx, o.root, false, async (rt) => {
        for (const [source, dw] of windows) {
          if (dw.needsSpark && !sparkInstalled(ctx.env)) {
            err(
              `${source}: skipped — local Spark is not installed (run: bash scripts/setup-python.sh)`,
            );
            continue;
          }
          const def = getSource(source);
          const s = await runWindow(
            rt,
            def,
            dw,
            parseWindow(dw.from, dw.to),
            true,
            dw.needsSpark ? 2 : 4,
          );
          summaries.push(s);
          if (!o.json) printSummary(s);
        }
      });
      if (o.json) console.log(JSON.stringify(summaries, null, 2));
      setCode(summaries.some((s) => s.failed_slots > 0) ? 1 : 0);
    });

  program
    .command('query')
    .description(
      'Run one GoogleSQL statement against the local warehouse. Read-only (the engine refuses writes) unless --write.',
    )
    .argument('<sql>', 'one GoogleSQL statement')
    .option('--write', 'open the warehouse for writing (insert, delete, create ...)', false)
    .option('--json', 'print rows as JSON', false)
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Dates print as YYYY-MM-DD and timestamps in Asia/Seoul (+09:00).

Examples:
  pipeline query "select count(*) as n from core.job_postings"
  pipeline query "select * from ops.pipeline_runs order by finished_at desc limit 5" --json
  pipeline query "delete from ops.pipeline_runs where source = 'saramin'" --write`,
    )
    .action(async (sql: string, o: { write: boolean; json: boolean; root: string }) => {
      const root = useRoot(o.root, o.write);
      // Transpiling (sqlglot in python, or the cache in --root) runs while DuckDB loads and opens.
      const { SqlTranspiler } = await import('../adapters/local/transpile.js');
      const transpiler = new SqlTranspiler(
        undefined,
        existsSync(root) ? join(root, 'transpile-cache') : undefined,
      );
      const transpiled = transpiler.transpile(sql);
      transpiled.catch(() => undefined); // reported by queryOne below
      const { DuckDbWarehouse } = await import('../adapters/local/duckdb.js');
      const wh = await DuckDbWarehouse.open(
        join(root, 'warehouse.duckdb'),
        () => {
          throw new UsageError('query does not load files');
        },
        { readOnly: !o.write, transpiler },
      ).catch((error: unknown) => {
        transpiler.close();
        throw error;
      });
      try {
        await transpiled.catch(() => undefined);
        const rows = await wh.queryOne(sql);
        console.log(o.json ? JSON.stringify(rows) : table(rows));
      } finally {
        await wh.close();
      }
      setCode(0);
    });

  program
    .command('dashboard')
    .description(
      'Build a static HTML dashboard from the local warehouse (read-only): hiring, senior jobs, Seoul congestion, stocks, pipeline health. Works offline.',
    )
    .option('--out <dir>', 'output folder (default: <root>/dashboard)')
    .option('--open', 'open the index page in the default browser', false)
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
Panels come from the marts: each \`-- dashboard: {json}\` line in sql/mart/*.sql is one panel.

Examples:
  pipeline dashboard
  pipeline dashboard --root .pipeline-demo --open
  pipeline dashboard --out /tmp/dash`,
    )
    .action(async (o: { out?: string; open: boolean; root: string }) => {
      const root = useRoot(o.root, false);
      const { buildDashboard } = await import('../dashboard/build.js');
      const result = await buildDashboard({ root, out: o.out ?? join(root, 'dashboard') });
      for (const page of result.pages)
        err(
          `${page.file}: ${page.panels.length} panel(s)${page.panels.length ? '' : ' (no data yet)'}`,
        );
      console.log(result.index);
      if (o.open) {
        const { openInBrowser } = await import('../dashboard/open.js');
        openInBrowser(result.index, err);
      }
      setCode(0);
    });

  program
    .command('replay')
    .description('Re-deliver a dead-lettered event to the stage it failed in (locally or on GCP).')
    .requiredOption(
      '--dead-letter <name>',
      'the gs:// URI an alert printed, or an object name in the quarantine bucket',
    )
    .addOption(
      new Option('--target <where>', 'local runtime or the deployed platform')
        .choices(['local', 'gcp'])
        .default('local'),
    )
    .addOption(rootOption())
    .addHelpText(
      'after',
      `
extract/sweep letters are published again to their topic (the unit pinned); transform/load letters
run their stage here on the original event, with the target's adapters.

Examples:
  pipeline replay --dead-letter gs://myproj-quarantine/dead-letter/load/saramin/abc123.json --target gcp
  pipeline replay --dead-letter dead-letter/extract/saramin/abc123.json`,
    )
    .action(async (o: { deadLetter: string; target: 'local' | 'gcp'; root: string }) => {
      const { letterLocation, planReplay, runReplay } = await import('./replay.js');
      if (o.target === 'gcp') {
        const { parseConfig } = await import('../config.js');
        const { SOURCES } = await import('../sources/registry.js');
        const config = parseConfig(ctx.env, SOURCES);
        if (config.projectId === 'local')
          throw new UsageError('--target gcp needs GOOGLE_CLOUD_PROJECT');
        const { createGcpDeps } = await import('../adapters/gcp/runtime.js');
        const { buildHandlers } = await import('../stages/handlers.js');
        const deps = createGcpDeps(config, ctx.env, { sink: () => {} });
        const ref = letterLocation(o.deadLetter, config.buckets.quarantine);
        const plan = planReplay(JSON.parse((await deps.store.read(ref)).toString('utf8')), config);
        await runReplay(
          plan,
          { publisher: deps.publisher, handlers: async () => buildHandlers(deps) },
          err,
        );
        setCode(0);
        return;
      }
      await withRuntime(ctx, o.root, false, async (rt) => {
        const ref = letterLocation(o.deadLetter, rt.config.buckets.quarantine);
        const plan = planReplay(JSON.parse((await rt.store.read(ref)).toString('utf8')), rt.config);
        await runReplay(plan, { publisher: rt.bus, handlers: async () => rt.handlers }, err);
        await rt.bus.drain();
      });
      setCode(0);
    });

  program
    .command('sweep')
    .description('Delete orphaned (expired or unlabelled) Spark clusters.')
    .addOption(
      new Option('--target <where>', 'local runtime or the deployed platform')
        .choices(['local', 'gcp'])
        .default('local'),
    )
    .addOption(rootOption())
    .addHelpText('after', `\nExamples:\n  pipeline sweep\n  pipeline sweep --target gcp`)
    .action(async (o: { target: 'local' | 'gcp'; root: string }) => {
      if (o.target === 'gcp') {
        const { runOnGcp } = await windowModule();
        setCode(await runOnGcp('sweep', { force: false, json: false, concurrency: 1 }, ctx.env));
        return;
      }
      await withRuntime(ctx, o.root, false, async (rt) => {
        await rt.bus.publish('maintenance', {}, { origin: 'cli' });
        await rt.bus.drain();
      });
      setCode(0);
    });

  addModelCommands(program, ctx.env, setCode);

  return program;
}

/** Parses argv, runs the command, and turns every failure into one stderr line and an exit code. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  let code = 0;
  const program = buildProgram(ctx, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // `pipeline --help` and `pipeline help` exit 0; a bare `pipeline` printed usage and exits 2.
      if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code))
        return error.exitCode === 0 ? 0 : 2;
      const command = program.commands.find((c) => c.name() === argv[0]);
      err(
        `pipeline: ${error.message.replace(/^error: /, '')} (see pipeline${command ? ` ${command.name()}` : ''} --help)`,
      );
      return 2;
    }
    if (error instanceof UsageError) {
      err(`pipeline: ${error.message}`);
      return 2;
    }
    if (error instanceof PipelineError) {
      err(`pipeline: ${error.code}: ${error.message.split('\n')[0]}`);
      return 1;
    }
    err(`pipeline: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  }
}
