/**
 * Warehouse and run ledger on BigQuery.
 *
 * Idempotency rests on BigQuery job ids: every load uses the deterministic id the stage derives from
 * (source, dataset, slot, generation). Creating a job whose id exists answers 409: an earlier delivery
 * of the same event created it, so we wait for that job and report `ran: false`.
 *
 * A job id can never be reused, even when its job FAILED. Throwing a transient error in that case
 * would make every retry (and every replay) hit the same dead id until the event is dead-lettered.
 * So, only when the existing job failed, the next attempt runs as `<id>_r2`, `<id>_r3`, ...; a
 * redelivery walks the same sequence and stops at the first id that succeeded (=> `ran: false`).
 *
 * mergeSlot = LOAD the curated NDJSON into a staging table (WRITE_TRUNCATE, the raw table's schema,
 * expires after a day), then ONE script job: a transaction replacing the slot's raw rows and running
 * the models. The staging table is per job id, not per slot, so two generations of one slot loading
 * at the same time cannot read each other's rows.
 */
import { createHash } from 'node:crypto';
import {
  BigQuery,
  BigQueryDate,
  BigQueryDatetime,
  BigQueryInt,
  BigQueryTime,
  BigQueryTimestamp,
  Geography,
  type JobMetadata,
  type TableField,
} from '@google-cloud/bigquery';
import {
  ConfigError,
  PermanentError,
  classifyByStatus,
  TransientError,
  type PipelineError,
} from '../../core/errors.js';
import { SLOT_STATUS_SQL, stageStatuses, type RunRecord } from '../../core/ledger.js';
import type { Ledger, LoadResult, SlotLoad, Warehouse, WarehouseColumn } from '../../core/ports.js';
import { slotParams, SQL_PARAM_TYPES } from '../../core/sqlparams.js';
import { readSql } from '../../sqlfiles.js';

type JobConfiguration = NonNullable<JobMetadata['configuration']>;
type QueryParameter = NonNullable<
  NonNullable<JobConfiguration['query']>['queryParameters']
>[number];
type Params = Record<string, string | Date>;

/** Spent (failed) job ids walked before giving up: `<id>`, `<id>_r2`, ...; above any retry budget plus replays. */
const MAX_JOB_ATTEMPTS = 20;
const STAGING_TTL_MS = 24 * 3600 * 1000;

const TRANSIENT_REASONS: ReadonlySet<string> = new Set([
  'backendError',
  'internalError',
  'jobBackendError',
  'jobInternalError',
  'rateLimitExceeded',
  'jobRateLimitExceeded',
  'quotaExceeded',
  'tableUnavailable',
]);
const CONCURRENT_UPDATE = /concurrent update/i;
/**
 * Wrong input or SQL that no retry can fix: a schema mismatch or a REQUIRED column left null
 * (`invalid`), a MERGE matching a target row twice or a bad statement (`invalidQuery`), a duplicate.
 * Permanent whatever HTTP status accompanies them (a job's errorResult carries none).
 */
const PERMANENT_REASONS: ReadonlySet<string> = new Set([
  'invalid',
  'invalidQuery',
  'duplicate',
  'notImplemented',
]);
/** Not the data's fault: a role, billing, or a table `pipeline migrate` has not created. */
const CONFIG_REASONS: ReadonlySet<string> = new Set([
  'accessDenied',
  'billingNotEnabled',
  'notFound',
]);

interface GoogleErrorLike {
  code?: unknown;
  errors?: { reason?: string; message?: string }[];
  message?: string;
}

/** Maps a BigQuery client error (HTTP error or failed job's errorResult) to the pipeline's classes. */
export function bigQueryError(error: unknown, what: string): PipelineError {
  const e = (error ?? {}) as GoogleErrorLike;
  const reason = e.errors?.find((x) => x.reason)?.reason;
  const message = `${what}: ${String(e.message ?? error).slice(0, 500)}`;
  const code = e.code;
  const tag = reason
    ? `BQ.${reason.toUpperCase()}`
    : typeof code === 'number'
      ? `BQ.HTTP_${code}`
      : 'BQ.UNEXPECTED';
  if (reason && TRANSIENT_REASONS.has(reason))
    return new TransientError(tag, message, { cause: error });
  // Two transactions on one table (e.g. a backfill's slots merging into core at once): BigQuery
  // aborts one with reason `invalidQuery`; running it again later succeeds.
  if (CONCURRENT_UPDATE.test(message))
    return new TransientError('BQ.CONCURRENT_UPDATE', message, { cause: error });
  if (reason && CONFIG_REASONS.has(reason)) return new ConfigError(tag, message, { cause: error });
  if (reason && PERMANENT_REASONS.has(reason))
    return new PermanentError(tag, message, { cause: error });
  // A missing table or dataset usually means migrations have not run yet: a setup problem.
  if (code === 404) return new ConfigError(tag, message, { cause: error });
  // `invalid`, `invalidQuery`, `duplicate`: the input or the SQL is wrong; retrying cannot help.
  if (reason && typeof code !== 'number') return new PermanentError(tag, message, { cause: error });
  return classifyByStatus(code, 'BQ', message, error, tag);
}

/** Named query parameters, typed from SQL_PARAM_TYPES (unknown names are STRING). */
export function queryParameters(params: Params): QueryParameter[] {
  return Object.entries(params).map(([name, value]) => {
    const type: string = (SQL_PARAM_TYPES as Record<string, string>)[name] ?? 'STRING';
    let text: string;
    if (typeof value === 'string') text = value;
    else if (type === 'DATE') text = value.toISOString().slice(0, 10);
    else text = value.toISOString();
    return { name, parameterType: { type }, parameterValue: { value: text } };
  });
}

/** A query result value as plain JSON: dates/timestamps as ISO strings, INT64 as number when safe. */
export function plainValue(value: unknown): unknown {
  if (value instanceof BigQueryInt) {
    const n = Number(value.value);
    return Number.isSafeInteger(n) ? n : value.value;
  }
  if (
    value instanceof BigQueryDate ||
    value instanceof BigQueryTimestamp ||
    value instanceof BigQueryDatetime ||
    value instanceof BigQueryTime ||
    value instanceof Geography
  ) {
    return value.value;
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') {
    // NUMERIC/BIGNUMERIC arrive as big.js numbers: a number when that loses nothing.
    if (value.constructor?.name === 'Big') {
      const s = String(value);
      return String(Number(s)) === s ? Number(s) : s;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

function tableRef(table: string): { datasetId: string; tableId: string } {
  const parts = table.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new ConfigError('BQ.TABLE_NAME', `expected dataset.table, got ${JSON.stringify(table)}`);
  return { datasetId: parts[0], tableId: parts[1] };
}

function statementOf(sql: string): string {
  return `${sql.trim().replace(/;\s*$/, '')};`;
}

/** The merge script: replace the slot's raw rows and run the models, all or nothing. */
export function mergeScript(rawTable: string, stagingTable: string, statements: string[]): string {
  return [
    'begin transaction;',
    `delete from ${rawTable} where _slot_date = @slot_date and _slot_id = @slot_id;`,
    `insert into ${rawTable} select * from ${stagingTable};`,
    ...statements.map((m) => statementOf(m)),
    'commit transaction;',
  ].join('\n');
}

/** A model file as one transactional script (BigQuery runs a multi-statement query as a script). */
export function modelScript(sql: string): string {
  return ['begin transaction;', statementOf(sql), 'commit transaction;'].join('\n');
}

/** The REST API's legacy type names -> GoogleSQL's. */
const LEGACY_TYPES: Record<string, string> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  RECORD: 'STRUCT',
};

export interface BigQueryWarehouseOptions {
  projectId: string;
  bigquery?: BigQuery;
  /** Job location; when absent it is read once from the dataset (needed to look up an existing job). */
  location?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** First poll interval for running jobs (doubles up to 10 s). */
  pollMs?: number;
}

export class BigQueryWarehouse implements Warehouse, Ledger {
  private readonly bq: BigQuery;
  private readonly projectId: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pollMs: number;
  private location: Promise<string> | undefined;
  private readonly schemas = new Map<string, Promise<TableField[]>>();

  constructor(options: BigQueryWarehouseOptions) {
    this.projectId = options.projectId;
    this.bq = options.bigquery ?? new BigQuery({ projectId: options.projectId });
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.pollMs = options.pollMs ?? 1000;
    if (options.location) this.location = Promise.resolve(options.location);
  }

  async mergeSlot(
    load: SlotLoad & { rawTable: string; statements: string[] },
  ): Promise<LoadResult> {
    const raw = tableRef(load.rawTable);
    const staging = {
      datasetId: raw.datasetId,
      tableId: `${raw.tableId}__stage_${createHash('sha256').update(load.jobId).digest('hex').slice(0, 16)}`,
    };
    const fields = await this.schemaOf(raw);
    await this.createStaging(staging, fields);
    const loaded = await this.runJob(
      load.jobId,
      {
        load: {
          sourceUris: [`gs://${load.object.bucket}/${load.object.name}`],
          sourceFormat: 'NEWLINE_DELIMITED_JSON',
          destinationTable: { projectId: this.projectId, ...staging },
          writeDisposition: 'WRITE_TRUNCATE',
          createDisposition: 'CREATE_IF_NEEDED',
          schema: { fields },
        },
      },
      raw.datasetId,
    );
    const merged = await this.runJob(
      `${load.jobId}_merge`,
      {
        query: {
          query: mergeScript(
            load.rawTable,
            `${staging.datasetId}.${staging.tableId}`,
            load.statements,
          ),
          useLegacySql: false,
          parameterMode: 'NAMED',
          queryParameters: queryParameters(slotParams(load)),
        },
      },
      raw.datasetId,
    );
    return { ran: merged.ran, rowsLoaded: Number(loaded.job.statistics?.load?.outputRows ?? 0) };
  }

  async overwritePartition(
    load: SlotLoad & { table: string; partitionField: string },
  ): Promise<LoadResult> {
    const target = tableRef(load.table);
    const folder = load.object.name.replace(/\/_SUCCESS$/, '');
    // Spark writes every Parquet column NULLABLE; the table's REQUIRED keys would refuse the load
    // unless the load carries the table's own schema.
    const fields = await this.schemaOf(target);
    const result = await this.runJob(
      load.jobId,
      {
        load: {
          sourceUris: [`gs://${load.object.bucket}/${folder}/*.parquet`],
          sourceFormat: 'PARQUET',
          destinationTable: {
            projectId: this.projectId,
            datasetId: target.datasetId,
            tableId: `${target.tableId}$${load.slotDate.replaceAll('-', '')}`,
          },
          writeDisposition: 'WRITE_TRUNCATE',
          createDisposition: 'CREATE_NEVER',
          // No timePartitioning: the $YYYYMMDD decorator names the partition of the existing
          // table, and a partitioning spec without its clustering (market, ticker) is refused.
          schema: { fields },
        },
      },
      target.datasetId,
    );
    return { ran: result.ran, rowsLoaded: Number(result.job.statistics?.load?.outputRows ?? 0) };
  }

  async runSqlFiles(files: string[], params: Params): Promise<void> {
    for (const file of files) await this.query(readSql(file), params);
  }

  /** One script job: the model's statements inside a transaction (insert-overwrite = delete + insert). */
  async runModel(file: string, params: Params): Promise<void> {
    await this.query(modelScript(readSql(file)), params);
  }

  async tableColumns(table: string): Promise<WarehouseColumn[] | undefined> {
    const ref = tableRef(table);
    try {
      const [meta] = await this.bq.dataset(ref.datasetId).table(ref.tableId).getMetadata();
      const fields = (meta.schema as { fields?: TableField[] } | undefined)?.fields ?? [];
      return fields.map((f) => ({
        name: String(f.name),
        type: LEGACY_TYPES[String(f.type)] ?? String(f.type),
        mode: (f.mode ?? 'NULLABLE') as WarehouseColumn['mode'],
      }));
    } catch (error) {
      if ((error as GoogleErrorLike).code === 404) return undefined;
      throw bigQueryError(error, `read schema of ${table}`);
    }
  }

  async query(sql: string, params: Params = {}): Promise<Record<string, unknown>[]> {
    const what = `query ${sql.replace(/\s+/g, ' ').trim().slice(0, 80)}`;
    try {
      const [job] = await this.bq.createJob({
        configuration: {
          query: {
            query: sql,
            useLegacySql: false,
            parameterMode: 'NAMED',
            queryParameters: queryParameters(params),
          },
        },
      });
      const [rows] = await job.getQueryResults({ wrapIntegers: true });
      return (rows as Record<string, unknown>[]).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)])),
      );
    } catch (error) {
      throw bigQueryError(error, what);
    }
  }

  async record(row: RunRecord): Promise<void> {
    try {
      // insertId = run_id: BigQuery drops a retried insert of the same row (best effort, ~1 minute).
      await this.bq
        .dataset('ops')
        .table('pipeline_runs')
        .insert([{ insertId: row.run_id, json: { ...row } }], { raw: true });
    } catch (error) {
      const nested = (error as { errors?: { errors?: { reason?: string; message?: string }[] }[] })
        .errors?.[0]?.errors;
      throw bigQueryError(
        nested ? { errors: nested, message: nested[0]?.message } : error,
        'insert into ops.pipeline_runs',
      );
    }
  }

  async slotStatus(
    source: string,
    dataset: string,
    slotId: string,
  ): Promise<Record<string, string>> {
    return stageStatuses(await this.query(SLOT_STATUS_SQL, { source, dataset, slot_id: slotId }));
  }

  /**
   * A table's schema, read once per process: the raw table's (the staging table must match it
   * column for column) and the partitioned core tables' (Parquet loads carry it).
   */
  private schemaOf(ref: { datasetId: string; tableId: string }): Promise<TableField[]> {
    const key = `${ref.datasetId}.${ref.tableId}`;
    let cached = this.schemas.get(key);
    if (!cached) {
      cached = this.bq
        .dataset(ref.datasetId)
        .table(ref.tableId)
        .getMetadata()
        .then(([meta]) => {
          const schema: unknown = meta.schema;
          const fields = (schema as { fields?: TableField[] } | undefined)?.fields;
          if (!fields?.length)
            throw new ConfigError(
              'BQ.NO_SCHEMA',
              `table ${key} has no schema: run pipeline migrate`,
            );
          return fields;
        })
        .catch((error: unknown) => {
          this.schemas.delete(key);
          throw error instanceof ConfigError
            ? error
            : bigQueryError(error, `read schema of ${key}`);
        });
      this.schemas.set(key, cached);
    }
    return cached;
  }

  /** Created with an expiration so a staging table never outlives a day; "already exists" is fine. */
  private async createStaging(
    ref: { datasetId: string; tableId: string },
    fields: TableField[],
  ): Promise<void> {
    try {
      await this.bq.dataset(ref.datasetId).createTable(ref.tableId, {
        schema: { fields },
        expirationTime: String(this.now() + STAGING_TTL_MS),
      });
    } catch (error) {
      if ((error as GoogleErrorLike).code !== 409)
        throw bigQueryError(error, `create ${ref.datasetId}.${ref.tableId}`);
    }
  }

  private jobLocation(datasetId: string): Promise<string> {
    this.location ??= this.bq
      .dataset(datasetId)
      .getMetadata()
      .then(([meta]) => String(meta.location ?? 'US'))
      .catch((error: unknown) => {
        this.location = undefined;
        throw bigQueryError(error, `read location of dataset ${datasetId}`);
      });
    return this.location;
  }

  /** Runs a job under a deterministic id; `ran: false` when an earlier delivery already ran it. */
  private async runJob(
    baseId: string,
    configuration: JobConfiguration,
    datasetId: string,
  ): Promise<{ ran: boolean; job: JobMetadata }> {
    for (let attempt = 1; attempt <= MAX_JOB_ATTEMPTS; attempt++) {
      const jobId = attempt === 1 ? baseId : `${baseId}_r${attempt}`;
      let created = true;
      let metadata: JobMetadata;
      try {
        const [, response] = await this.bq.createJob({ jobId, configuration });
        metadata = response;
      } catch (error) {
        if ((error as GoogleErrorLike).code !== 409)
          throw bigQueryError(error, `create job ${jobId}`);
        created = false;
        metadata = { jobReference: { jobId, location: await this.jobLocation(datasetId) } };
      }
      const done = await this.waitFor(jobId, metadata);
      const failure = done.status?.errorResult;
      if (!failure) return { ran: created, job: done };
      // Our own job failed: classify its error (transient -> the platform retries under the next id).
      if (created)
        throw bigQueryError({ errors: [failure], message: failure.message }, `job ${jobId}`);
      // An earlier delivery's job failed; its id is spent, so try the next one.
    }
    throw new PermanentError(
      'BQ.JOB_ATTEMPTS',
      `job ${baseId}: ${MAX_JOB_ATTEMPTS} earlier attempts failed; inspect them in the BigQuery console`,
    );
  }

  private async waitFor(jobId: string, metadata: JobMetadata): Promise<JobMetadata> {
    let current = metadata;
    let delay = this.pollMs;
    const job = this.bq.job(
      jobId,
      current.jobReference?.location ? { location: current.jobReference.location } : {},
    );
    for (;;) {
      if (current.status?.state === 'DONE') return current;
      if (current.status) {
        await this.sleep(delay);
        delay = Math.min(10_000, delay * 2);
      }
      try {
        [current] = await job.getMetadata();
      } catch (error) {
        throw bigQueryError(error, `poll job ${jobId}`);
      }
    }
  }
}
