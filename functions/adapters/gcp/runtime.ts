/**
 * The production wiring: StageDeps from Config with the real Google Cloud clients. Called once per
 * instance by the composition root (functions/index.ts), on the first event. Clients are built once
 * and reused by every invocation the instance serves; the Dataproc and Secret Manager clients only
 * when first needed.
 */
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { quotaWarnings, type Config } from '../../config.js';
import { SOURCES } from '../../sources/registry.js';
import { createLogger, type LogSink } from '../../core/log.js';
import type { StageDeps } from '../../stages/deps.js';
import { OnceAlerts } from '../../core/alerting.js';
import { SlackAlerts } from '../slack.js';
import { BigQueryWarehouse } from './bigquery.js';
import { DataprocClusterRunner } from './dataproc.js';
import { PubsubPublisher } from './pubsub.js';
import { SecretManagerSecrets } from './secrets.js';
import { GcsObjectStore } from './storage.js';

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
  const secrets = new SecretManagerSecrets(config.projectId, env);
  const warehouse = new BigQueryWarehouse({ projectId: config.projectId });
  // The webhook URL is a secret: SlackAlerts never prints it, only what it sent and delivery failures.
  const alerts = new SlackAlerts(
    () => secrets.get('SLACK_WEBHOOK_URL'),
    (line, severity) => log.log(severity ?? 'NOTICE', line),
    fetchImpl,
  );
  const store = new GcsObjectStore(config.buckets, new Storage({ projectId: config.projectId }));
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
    traceProject: config.projectId,
    replayTarget: 'gcp',
    publisher: new PubsubPublisher(new PubSub({ projectId: config.projectId })),
    clusters: new DataprocClusterRunner({ ...config.dataproc, projectId: config.projectId }),
    secrets,
    fetch: fetchImpl,
  };
}
