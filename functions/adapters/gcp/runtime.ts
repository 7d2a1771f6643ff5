/**
 * The production wiring: StageDeps from Config with the real Google Cloud clients. Called once per
 * instance by the composition root (functions/index.ts), on the first event. Each adapter (and the
 * Google SDK behind it) is imported and built on its first call, once per instance, and reused by
 * every later invocation: an entry point loads only the SDKs its stage uses (issue 16: first-event
 * overhead). Importing this module loads no cloud SDK.
 */
import { quotaWarnings, type Config } from '../../config.js';
import { SOURCES } from '../../sources/registry.js';
import { createLogger, type LogSink } from '../../core/log.js';
import type { StageDeps } from '../../stages/deps.js';
import { OnceAlerts } from '../../core/alerting.js';
import type { ClusterRunner, Ledger, ObjectStore, Publisher, Warehouse } from '../../core/ports.js';
import { SlackAlerts } from '../slack.js';

/** Memoizes an async factory; a failed build is not cached (the next call tries again). */
function once<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    if (!built) {
      built = build();
      built.catch(() => (built = undefined));
    }
    return built;
  };
}

/**
 * A port whose adapter is built on the first call of one of its (async) methods. `sync` answers the
 * port's synchronous methods without the adapter.
 */
export function lazyPort<T extends object>(load: () => Promise<T>, sync: Partial<T> = {}): T {
  return new Proxy(sync, {
    get(target, prop) {
      if (prop in target) return (target as Record<PropertyKey, unknown>)[prop];
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      return (...args: unknown[]) =>
        load().then((port) =>
          (port as Record<string, (...a: unknown[]) => unknown>)[prop]!.apply(port, args),
        );
    },
  }) as T;
}

export interface GcpDepsOptions {
  /** Where JSON log lines go (stdout, which Cloud Logging parses). */
  sink?: LogSink;
  fetchImpl?: typeof fetch;
}

/**
 * `env` only feeds secrets: Cloud Functions injects each Secret Manager secret as an environment
 * variable; every other setting comes from the parsed Config.
 */
export function createGcpDeps(
  config: Config,
  env: Record<string, string | undefined>,
  options: GcpDepsOptions = {},
): StageDeps {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const fetchImpl = options.fetchImpl ?? fetch;
  const log = createLogger(sink);
  for (const warning of quotaWarnings(config, SOURCES)) log.warn(`quota plan: ${warning}`);
  const projectId = config.projectId;
  const secretManager = once(async () => {
    const { SecretManagerSecrets } = await import('./secrets.js');
    return new SecretManagerSecrets(projectId, env);
  });
  // Cloud Functions mounts secrets as environment variables: then Secret Manager is never loaded.
  const secrets = {
    get: (name: string): Promise<string | undefined> => {
      const fromEnv = env[name];
      if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv);
      return secretManager().then((s) => s.get(name));
    },
  };
  const bigquery = once(async () => {
    const { BigQueryWarehouse } = await import('./bigquery.js');
    return new BigQueryWarehouse({ projectId });
  });
  const warehouse = lazyPort<Warehouse & Ledger>(bigquery);
  // The webhook URL is a secret: SlackAlerts never prints it, only what it sent and delivery failures.
  const alerts = new SlackAlerts(
    () => secrets.get('SLACK_WEBHOOK_URL'),
    (line, severity) => log.log(severity ?? 'NOTICE', line),
    fetchImpl,
  );
  const store = lazyPort<ObjectStore>(
    once(async () => {
      const [{ GcsObjectStore }, { Storage }] = await Promise.all([
        import('./storage.js'),
        import('@google-cloud/storage'),
      ]);
      return new GcsObjectStore(config.buckets, new Storage({ projectId }));
    }),
    {
      bucket: (role) => config.buckets[role],
      uri: (bucket, name) => `gs://${bucket}/${name}`,
    },
  );
  return {
    config,
    store,
    ledger: warehouse,
    warehouse,
    alerts: new OnceAlerts(alerts, store),
    log,
    clock: { now: () => Date.now() },
    maxAttempts: config.maxAttempts,
    maxEventAgeMs: config.maxEventAgeMs,
    traceProject: projectId,
    replayTarget: 'gcp',
    publisher: lazyPort<Publisher>(
      once(async () => {
        const [{ PubsubPublisher }, { PubSub }] = await Promise.all([
          import('./pubsub.js'),
          import('@google-cloud/pubsub'),
        ]);
        return new PubsubPublisher(new PubSub({ projectId }));
      }),
    ),
    clusters: lazyPort<ClusterRunner>(
      once(async () => {
        const { DataprocClusterRunner } = await import('./dataproc.js');
        return new DataprocClusterRunner({ ...config.dataproc, projectId });
      }),
    ),
    secrets,
    fetch: fetchImpl,
  };
}
