/**
 * The embedded default: the same stages, wired to filesystem buckets, an in-process bus, DuckDB,
 * local Spark, env-file secrets and a printing Slack sink. When a source has no API key configured,
 * a fake API on 127.0.0.1 serves the fixtures instead (and the source's base URL points at it).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, quotaWarnings, type Config } from '../../config.js';
import { createLogger } from '../../core/log.js';
import { SOURCES } from '../../sources/registry.js';
import { packageRoot } from '../../sqlfiles.js';
import type { StageDeps } from '../../stages/deps.js';
import { buildHandlers, type EventHandler } from '../../stages/handlers.js';
import { OnceAlerts } from '../../core/alerting.js';
import { SlackAlerts } from '../slack.js';
import { LocalObjectStore } from './buckets.js';
import { LocalBus } from './bus.js';
import { DuckDbWarehouse } from './duckdb.js';
import { FAKE_API_KEY, startFakeApi, type FakeApi } from './fake-api.js';
import { EnvSecrets } from './secrets.js';
import { LocalSparkRunner } from './spark.js';

/** Real time unless pinned (`pin(t)`): snapshot sources replay their schedule on the fake API. */
export class LocalClock {
  private pinned: number | undefined;
  now(): number {
    return this.pinned ?? Date.now();
  }
  pin(t: number | undefined): void {
    this.pinned = t;
  }
}

export interface LocalRuntimeOptions {
  /** State folder (buckets, warehouse, logs). */
  root: string;
  env?: Record<string, string | undefined>;
  /** Deliver every event twice and out of order. */
  chaos?: boolean;
  /** Where Slack lines and Spark progress are printed (stderr by default; tests pass a collector). */
  print?: (line: string) => void;
  fixturesDir?: string;
  concurrency?: number;
  /** Latency the fake API adds to every answer (the fan-out benchmark). */
  fakeLatencyMs?: number;
}

export interface LocalRuntime {
  config: Config;
  deps: StageDeps;
  bus: LocalBus;
  store: LocalObjectStore;
  clock: LocalClock;
  warehouse: DuckDbWarehouse;
  spark: LocalSparkRunner;
  alerts: SlackAlerts;
  handlers: Record<string, EventHandler>;
  fakeApi: FakeApi | undefined;
  /** Sources that talk to the fake API rather than the real one. */
  faked: string[];
  /**
   * Ctrl-C / SIGTERM: no new deliveries (queued events are dropped: the ledger shows their units
   * unfinished and a rerun resumes them), Spark runs killed; resolves when running handlers ended.
   */
  interrupt(): Promise<{ dropped: number; sparkKilled: number }>;
  close(): Promise<void>;
}

export async function createLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const root = options.root;
  const pkg = packageRoot();
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = new EnvSecrets(options.env ?? {}, join(pkg, '.env'));
  const env: Record<string, string | undefined> = {
    ...(options.env ?? {}),
    BUCKET_PREFIX: 'local',
  };

  // Sources without a real key run against the fake API.
  const faked: string[] = [];
  // A source whose key is optional runs keyless against the real API only when its base URL is set.
  for (const s of SOURCES)
    if (
      s.secretEnv &&
      !(await secrets.get(s.secretEnv)) &&
      !(s.secretOptional && env[`${s.source.toUpperCase()}_BASE_URL`])
    )
      faked.push(s.source);
  // The runtime's clock: real time, or pinned by `pipeline run` to replay a snapshot source's
  // schedule against the fake API (which answers for the same clock).
  const clock = new LocalClock();
  const fakeApi = faked.length
    ? await startFakeApi({
        fixturesDir: options.fixturesDir ?? join(pkg, 'test', 'fixtures'),
        sources: SOURCES,
        now: () => clock.now(),
        ...(options.fakeLatencyMs ? { latencyMs: options.fakeLatencyMs } : {}),
      })
    : undefined;
  const fakeSecrets: Record<string, string> = {};
  for (const name of faked) {
    const def = SOURCES.find((s) => s.source === name)!;
    env[`${name.toUpperCase()}_BASE_URL`] = fakeApi!.url;
    // Pacing protects a real API's quota; the fake has none (the fan-out bench sets its own limits).
    env[`${name.toUpperCase()}_RATE_PER_SECOND`] ??= '0';
    env[`${name.toUpperCase()}_CONCURRENCY`] ??= '8';
    env[`${name.toUpperCase()}_DAILY_QUOTA`] ??= '0';
    if (!def.secretOptional) fakeSecrets[def.secretEnv!] = FAKE_API_KEY;
  }
  const config = parseConfig(env, SOURCES);
  for (const warning of quotaWarnings(config, SOURCES))
    if (!faked.includes(warning.split(':')[0]!)) print(`quota plan: ${warning}`);

  mkdirSync(join(root, 'logs'), { recursive: true });
  const logFile = join(root, 'logs', 'pipeline.log');
  const log = createLogger((line) => appendFileSync(logFile, `${line}\n`));
  const bus = new LocalBus({
    chaos: options.chaos ?? false,
    concurrency: options.concurrency ?? 4,
    clock,
  });
  const store = new LocalObjectStore(join(root, 'buckets'), config.buckets, (event) => {
    const bucket = (event.data as { bucket: string }).bucket;
    bus.emit(`bucket:${bucket}`, event);
  });
  const warehouse = await DuckDbWarehouse.open(
    join(root, 'warehouse.duckdb'),
    (b, n) => store.uri(b, n),
    { python: env.PIPELINE_PYTHON ?? join(pkg, '.venv', 'bin', 'python') },
  );
  const alerts = new SlackAlerts(() => secrets.get('SLACK_WEBHOOK_URL'), print);
  const spark = new LocalSparkRunner({
    registryFile: join(root, 'dataproc', 'clusters.json'),
    codeDir: join(pkg, 'functions', 'spark'),
    sparkSubmit: env.SPARK_SUBMIT ?? join(pkg, '.venv', 'bin', 'spark-submit'),
    log: print,
    afterRun: async (run, startedAt) => {
      // Every output folder of the run (a batch names one per day): what the job wrote finalizes.
      run.args.forEach((arg, i) => {
        const output = run.args[i + 1];
        if (arg === '--output' && output) store.adoptPath(output, startedAt);
      });
    },
  });
  // The warehouse lock makes this the only process using the folder: a Spark run still registered
  // by another launcher was left behind when it died (SIGKILL, a crash).
  spark.reapOrphans();
  const deps: StageDeps = {
    config,
    store,
    ledger: warehouse,
    warehouse,
    alerts: new OnceAlerts(alerts, store),
    log,
    clock,
    maxAttempts: config.maxAttempts,
    maxEventAgeMs: config.maxEventAgeMs,
    publisher: bus,
    clusters: spark,
    secrets: { get: async (name) => fakeSecrets[name] ?? (await secrets.get(name)) },
    fetch,
  };
  const handlers = await buildHandlers(deps);
  for (const s of SOURCES)
    bus.subscribe(`topic:${config.topicPrefix}${s.source}`, handlers.extract!);
  bus.subscribe(`bucket:${config.buckets.raw}`, handlers.transform!);
  bus.subscribe(`bucket:${config.buckets.curated}`, handlers.load!);
  bus.subscribe('topic:dead-letter', handlers.dead_letter!);
  bus.subscribe('topic:maintenance', handlers.sweep_clusters!);

  return {
    config,
    deps,
    bus,
    store,
    clock,
    warehouse,
    spark,
    alerts,
    handlers,
    fakeApi,
    faked,
    interrupt: async () => {
      bus.stop();
      const sparkKilled = await spark.interrupt();
      await bus.drain();
      return { dropped: bus.droppedCount(), sparkKilled };
    },
    close: async () => {
      await bus.drain();
      await warehouse.close();
      await fakeApi?.close();
    },
  };
}
