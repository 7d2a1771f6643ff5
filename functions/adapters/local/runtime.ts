/**
 * The embedded default: the same stages, wired to filesystem buckets, an in-process bus, DuckDB,
 * local Spark, env-file secrets and a printing Slack sink. When a source has no API key configured,
 * a fake API on 127.0.0.1 serves the fixtures instead (and the source's base URL points at it).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../config.js';
import { createHttpClient } from '../../core/http.js';
import { createLogger } from '../../core/log.js';
import { SOURCES } from '../../sources/registry.js';
import { packageRoot } from '../../sqlfiles.js';
import type { StageDeps } from '../../stages/deps.js';
import { buildHandlers, type EventHandler } from '../../stages/handlers.js';
import { SlackAlerts } from '../slack.js';
import { LocalObjectStore } from './buckets.js';
import { LocalBus } from './bus.js';
import { DuckDbWarehouse } from './duckdb.js';
import { FAKE_API_KEY, startFakeApi, type FakeApi } from './fake-api.js';
import { EnvSecrets } from './secrets.js';
import { LocalSparkRunner } from './spark.js';

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
}

export interface LocalRuntime {
  config: Config;
  deps: StageDeps;
  bus: LocalBus;
  store: LocalObjectStore;
  warehouse: DuckDbWarehouse;
  spark: LocalSparkRunner;
  alerts: SlackAlerts;
  handlers: Record<string, EventHandler>;
  fakeApi: FakeApi | undefined;
  /** Sources that talk to the fake API rather than the real one. */
  faked: string[];
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
  for (const s of SOURCES)
    if (s.secretEnv && !(await secrets.get(s.secretEnv))) faked.push(s.source);
  const fakeApi = faked.length
    ? await startFakeApi(options.fixturesDir ?? join(pkg, 'test', 'fixtures'))
    : undefined;
  const fakeSecrets: Record<string, string> = {};
  for (const name of faked) {
    const def = SOURCES.find((s) => s.source === name)!;
    env[`${name.toUpperCase()}_BASE_URL`] = fakeApi!.url;
    fakeSecrets[def.secretEnv!] = FAKE_API_KEY;
  }
  const config = parseConfig(env, SOURCES);

  mkdirSync(join(root, 'logs'), { recursive: true });
  const logFile = join(root, 'logs', 'pipeline.log');
  const log = createLogger((line) => appendFileSync(logFile, `${line}\n`));
  const bus = new LocalBus({
    chaos: options.chaos ?? false,
    concurrency: options.concurrency ?? 4,
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
    afterSuccess: async (run) => {
      const output = run.args[run.args.indexOf('--output') + 1];
      if (output) store.adoptPath(output);
    },
  });
  const deps: StageDeps = {
    config,
    store,
    ledger: warehouse,
    warehouse,
    alerts,
    log,
    clock: { now: () => Date.now() },
    maxAttempts: config.maxAttempts,
    maxEventAgeMs: config.maxEventAgeMs,
    publisher: bus,
    clusters: spark,
    secrets: { get: async (name) => fakeSecrets[name] ?? (await secrets.get(name)) },
    http: createHttpClient(fetch),
  };
  const handlers = buildHandlers(deps);
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
    warehouse,
    spark,
    alerts,
    handlers,
    fakeApi,
    faked,
    close: async () => {
      await bus.drain();
      await warehouse.close();
      await fakeApi?.close();
    },
  };
}
