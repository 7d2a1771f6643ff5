/**
 * Configuration is parsed once, at the composition root, from the environment; nothing else reads
 * process.env. Every source client setting has a per-source default in the registry and can be
 * overridden with `<SOURCE>_BASE_URL`, `_PAGE_SIZE`, `_TIMEOUT_MS`, `_RETRIES`, `_CONCURRENCY`,
 * `_RATE_PER_SECOND`, `_DAILY_QUOTA` and `_OPTIONS` (a query string, e.g. `job_mid_cd=2&loc_mcd=101000`).
 */
import { ConfigError } from './core/errors.js';
import { periodMs } from './core/slots.js';
import type { ClientSettings, SourceDefinition } from './sources/types.js';
// One pin for Dataproc's image, the local pyspark and Terraform: functions/spark/versions.json.
import versions from './spark/versions.json' with { type: 'json' };

export interface DataprocConfig {
  region: string;
  imageVersion: string;
  serviceAccount: string;
  masterMachineType: string;
  workerMachineType: string;
  numWorkers: number;
  bootDiskGb: number;
  idleDeleteTtlS: number;
  autoDeleteTtlS: number;
  /** Folder holding the PySpark files (gs://<code bucket>/spark/). */
  codeUri: string;
  stagingBucket: string;
  /** Scratch data of the cluster's jobs; a short lifecycle rule keeps it cheap. */
  tempBucket: string;
  /**
   * Subnetwork of the cluster VMs (projects/<p>/regions/<r>/subnetworks/<name>); it must have
   * Private Google Access, since the VMs have internal IPs only. Unset = the `default` network.
   */
  subnetwork?: string;
}

export interface Config {
  projectId: string;
  buckets: { raw: string; curated: string; quarantine: string };
  /** Topic of a source's extract function: `${topicPrefix}${source}`. */
  topicPrefix: string;
  maxAttempts: number;
  maxEventAgeMs: number;
  /**
   * Continuations one extract chain may publish for keys its time budget left unasked
   * (stages/extract.ts); beyond that the partial alert names them. 0 = never continue.
   */
  maxContinuations: number;
  /** A unit still `submitted` or `retrying` this long after its last ledger row is alerted as stuck. */
  stuckAfterMs: number;
  lookbackDays: number;
  /** Days per Spark run when a backfill covers a range (1 = one run per day); at most MAX_BATCH_DAYS. */
  sparkBatchDays: number;
  dataproc: DataprocConfig;
  sources: Record<string, { settings: ClientSettings; options: Record<string, string> }>;
}

type Env = Record<string, string | undefined>;

function intFrom(env: Env, key: string, fallback: number, min = 0): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new ConfigError(
      'CONFIG.INVALID',
      `${key} must be an integer >= ${min}, got ${JSON.stringify(raw)}`,
    );
  return n;
}

/** Most days one batched Spark run may hold: it must end within the Dataproc DAG timeout. */
export const MAX_BATCH_DAYS = 62;

function batchDaysFrom(env: Env): number {
  const n = intFrom(env, 'SPARK_BATCH_DAYS', 31, 1);
  if (n > MAX_BATCH_DAYS)
    throw new ConfigError('CONFIG.INVALID', `SPARK_BATCH_DAYS must be at most ${MAX_BATCH_DAYS}`);
  return n;
}

function numberFrom(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError(
      'CONFIG.INVALID',
      `${key} must be a number >= 0, got ${JSON.stringify(raw)}`,
    );
  return n;
}

function urlFrom(env: Env, key: string, fallback: string): string {
  const raw = env[key] || fallback;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return raw;
  } catch {
    throw new ConfigError('CONFIG.INVALID', `${key} must be an http(s) URL`);
  }
}

export function sourceSettings(
  def: SourceDefinition,
  env: Env,
): { settings: ClientSettings; options: Record<string, string> } {
  const p = def.source.toUpperCase();
  const d = def.client;
  const options = {
    ...(def.options ?? {}),
    ...Object.fromEntries(new URLSearchParams(env[`${p}_OPTIONS`] ?? '')),
  };
  return {
    settings: {
      baseUrl: urlFrom(env, `${p}_BASE_URL`, d.baseUrl),
      pageSize: intFrom(env, `${p}_PAGE_SIZE`, d.pageSize, 1),
      timeoutMs: intFrom(env, `${p}_TIMEOUT_MS`, d.timeoutMs, 1),
      retries: intFrom(env, `${p}_RETRIES`, d.retries, 1),
      concurrency: intFrom(env, `${p}_CONCURRENCY`, d.concurrency, 1),
      ratePerSecond: numberFrom(env, `${p}_RATE_PER_SECOND`, d.ratePerSecond),
      dailyQuota: intFrom(env, `${p}_DAILY_QUOTA`, d.dailyQuota, 0),
    },
    options,
  };
}

export function parseConfig(env: Env, sources: readonly SourceDefinition[]): Config {
  const projectId = env.GOOGLE_CLOUD_PROJECT ?? env.GCP_PROJECT ?? 'local';
  const prefix = env.BUCKET_PREFIX ?? projectId;
  return {
    projectId,
    buckets: {
      raw: env.RAW_BUCKET ?? `${prefix}-raw`,
      curated: env.CURATED_BUCKET ?? `${prefix}-curated`,
      quarantine: env.QUARANTINE_BUCKET ?? `${prefix}-quarantine`,
    },
    topicPrefix: env.TOPIC_PREFIX ?? 'extract-',
    maxAttempts: intFrom(env, 'MAX_ATTEMPTS', 5, 1),
    maxEventAgeMs: intFrom(env, 'MAX_EVENT_AGE_S', 6 * 3600, 60) * 1000,
    maxContinuations: intFrom(env, 'MAX_CONTINUATIONS', 8, 0),
    stuckAfterMs: intFrom(env, 'STUCK_AFTER_S', 3 * 3600, 600) * 1000,
    lookbackDays: intFrom(env, 'SPARK_LOOKBACK_DAYS', 100, 1),
    sparkBatchDays: batchDaysFrom(env),
    dataproc: {
      region: env.DATAPROC_REGION ?? 'asia-northeast3',
      imageVersion: env.DATAPROC_IMAGE_VERSION ?? versions.dataprocImageVersion,
      serviceAccount: env.DATAPROC_SERVICE_ACCOUNT ?? '',
      masterMachineType: env.DATAPROC_MASTER_MACHINE_TYPE ?? 'n2-standard-2',
      workerMachineType: env.DATAPROC_WORKER_MACHINE_TYPE ?? 'n2-standard-2',
      numWorkers: intFrom(env, 'DATAPROC_NUM_WORKERS', 2, 0),
      bootDiskGb: intFrom(env, 'DATAPROC_BOOT_DISK_GB', 50, 30),
      idleDeleteTtlS: intFrom(env, 'DATAPROC_IDLE_DELETE_TTL_S', 600, 600),
      autoDeleteTtlS: intFrom(env, 'DATAPROC_AUTO_DELETE_TTL_S', 3600, 600),
      codeUri: env.SPARK_CODE_URI ?? `gs://${prefix}-code/spark`,
      stagingBucket: env.DATAPROC_STAGING_BUCKET ?? `${prefix}-dataproc-staging`,
      tempBucket:
        env.DATAPROC_TEMP_BUCKET ?? env.DATAPROC_STAGING_BUCKET ?? `${prefix}-dataproc-staging`,
      ...(env.DATAPROC_SUBNETWORK ? { subnetwork: env.DATAPROC_SUBNETWORK } : {}),
    },
    sources: Object.fromEntries(sources.map((s) => [s.source, sourceSettings(s, env)])),
  };
}

/**
 * Requests a day each scheduled source plans (requests per unit x units per day) against its daily
 * quota: one line per source whose plan exceeds it, said once at start-up, never found as 429s.
 */
export function quotaWarnings(config: Config, sources: readonly SourceDefinition[]): string[] {
  const out: string[] = [];
  for (const def of sources) {
    const { settings, options } = config.sources[def.source]!;
    if (def.unit === 'keyed' || !def.schedule.cron || settings.dailyQuota <= 0) continue;
    const perUnit = def.requestsPerUnit?.(options) ?? 1;
    const perDay = perUnit * Math.round(86_400_000 / periodMs(def.schedule.period));
    if (perDay > settings.dailyQuota)
      out.push(
        `${def.source}: the schedule plans ${perUnit} requests x ${Math.round(86_400_000 / periodMs(def.schedule.period))} units = ${perDay} a day, over the daily quota of ${settings.dailyQuota}; ` +
          `shorten the list (${def.source.toUpperCase()}_OPTIONS), slow the schedule, or raise ${def.source.toUpperCase()}_DAILY_QUOTA if the key allows more`,
      );
  }
  return out;
}
