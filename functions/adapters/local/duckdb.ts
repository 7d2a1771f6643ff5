/**
 * The local BigQuery stand-in: one DuckDB file running the same sql/ files, transpiled by sqlglot
 * (generated/duckdb/, see transpile.ts). Sessions run with TimeZone 'UTC', BigQuery's default, so
 * date and timestamp functions give BigQuery's answers whatever the laptop's time zone.
 * BigQuery's job-id de-duplication is mirrored by a claim table: a job id that already ran is
 * reported as `ran: false`, exactly like a 409 "already exists".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { ConfigError, PermanentError, PipelineError, TransientError } from '../../core/errors.js';
import {
  LEDGER_COLUMNS,
  SLOT_STATUS_SQL,
  stageStatuses,
  type RunRecord,
} from '../../core/ledger.js';
import type { Ledger, LoadResult, SlotLoad, Warehouse, WarehouseColumn } from '../../core/ports.js';
import { slotParams, SQL_PARAM_TYPES, type SqlParams } from '../../core/sqlparams.js';
import { migrationFiles, SQL_DIR } from '../../sqlfiles.js';
import {
  DEFAULT_PYTHON,
  GENERATED_DIR,
  generatedStatements,
  sha256,
  SqlTranspiler,
  type DuckStatement,
} from './transpile.js';

// The BigQuery datasets, as schemas; `staging` holds the staging models' views (sql/staging/).
const DATASETS = ['raw', 'staging', 'core', 'meta', 'mart', 'ops'];

/** DuckDB's type names -> GoogleSQL's, as `tableColumns` reports them. */
const DUCK_TYPES: Record<string, string> = {
  VARCHAR: 'STRING',
  BIGINT: 'INT64',
  DOUBLE: 'FLOAT64',
  BOOLEAN: 'BOOL',
  DATE: 'DATE',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP',
};

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export interface DuckDbWarehouseOptions {
  /** GoogleSQL sources (sql/) and their generated DuckDB form (generated/duckdb/). */
  sqlDir?: string;
  generatedDir?: string;
  /** Python with sqlglot, for SQL that is not a sql/ file. */
  python?: string;
  /** The transpiler for SQL that is not a sql/ file (default: a new one on `python`); closed with the warehouse. */
  transpiler?: SqlTranspiler;
}

/**
 * Run on every connection before any SQL. BigQuery evaluates dates and timestamps in UTC unless a
 * query names a zone; so must DuckDB, whatever the laptop's TZ (the equivalence suite checks this).
 */
export const SESSION_SETTINGS = ["set TimeZone = 'UTC'"] as const;

/** Binds a statement's named parameters with their GoogleSQL types (core/sqlparams.ts). */
export function bindings(statement: DuckStatement, params: SqlParams): Record<string, DuckDBValue> {
  const out: Record<string, DuckDBValue> = {};
  for (const name of statement.params) {
    const type = SQL_PARAM_TYPES[name as keyof typeof SQL_PARAM_TYPES];
    if (!type) throw new Error(`unknown SQL parameter @${name}`);
    const value = params[name as keyof SqlParams];
    if (value === undefined) throw new Error(`SQL parameter @${name} has no value`);
    if (type === 'TIMESTAMP') {
      const ms = (value instanceof Date ? value : new Date(value)).getTime();
      if (Number.isNaN(ms)) throw new Error(`SQL parameter @${name} is not a timestamp: ${value}`);
      out[name] = new DuckDBTimestampTZValue(BigInt(ms) * 1000n);
    } else if (type === 'DATE') {
      const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
      const ms = Date.parse(`${text}T00:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(ms))
        throw new Error(`SQL parameter @${name} is not a date: ${text}`);
      out[name] = new DuckDBDateValue(ms / 86_400_000);
    } else out[name] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/**
 * DuckDB's error classes (the message's first words) -> the pipeline's: the data or the SQL is wrong
 * and no retry can fix it (constraint violation, a value that does not convert, a column or type that
 * does not match) -> permanent; a missing table or schema is a setup problem -> config; anything else
 * (I/O, interrupts, the unknown) stays transient, bounded by the retry policy. BigQuery's equivalents
 * are classified by reason in adapters/gcp/bigquery.ts.
 */
const DUCKDB_PERMANENT =
  /^(Constraint|Conversion|Invalid Input|Binder|Mismatch Type|Out of Range|Parser|Invalid type|Type|Dependency) Error/i;
export function duckDbError(error: unknown, what: string): PipelineError {
  if (error instanceof PipelineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const text = `${what}: ${message.split('\n')[0]!.slice(0, 500)}`;
  const kind = /^([A-Za-z ]+?) Error/.exec(message)?.[1] ?? 'UNEXPECTED';
  const code = `WAREHOUSE.${kind.toUpperCase().replace(/\W+/g, '_')}`;
  if (DUCKDB_PERMANENT.test(message)) return new PermanentError(code, text, { cause: error });
  if (/^Catalog Error/i.test(message)) return new ConfigError(code, text, { cause: error });
  return new TransientError(code, text, { cause: error });
}

/** Opening the warehouse failed in a way the operator can act on; the message is the one line to print. */
export class WarehouseUnavailableError extends ConfigError {}

/** DuckDB's open errors, turned into one line that names the state folder and what to do. */
export function explainOpenError(error: unknown, file: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const root = dirname(file);
  const pid = /Conflicting lock is held in .*?\(PID (\d+)\)/.exec(message);
  if (pid)
    return new WarehouseUnavailableError(
      'WAREHOUSE.LOCKED',
      `another pipeline (PID ${pid[1]}) is using ${root}`,
    );
  if (/Could not set lock/i.test(message))
    return new WarehouseUnavailableError('WAREHOUSE.LOCKED', `another pipeline is using ${root}`);
  if (
    /not a valid DuckDB database file|database file .* is corrupt|Corrupt database file/i.test(
      message,
    )
  )
    return new WarehouseUnavailableError(
      'WAREHOUSE.CORRUPT',
      `${file} is not a readable DuckDB database (corrupt?); move it aside or pass another --root`,
    );
  if (/read-only mode: database does not exist/.test(message))
    return new WarehouseUnavailableError(
      'WAREHOUSE.MISSING',
      `no warehouse in ${root} yet (load a window first: pipeline run ...)`,
    );
  return new WarehouseUnavailableError(
    'WAREHOUSE.OPEN',
    `cannot open ${file}: ${message.split('\n')[0]}`,
  );
}

const KST_MS = 9 * 3600_000;

/** A user-facing value: dates as dates, instants in Asia/Seoul, integers as numbers when they fit. */
function display(value: unknown, type: DuckDBTypeId | undefined): unknown {
  if (value instanceof Date) {
    if (type === DuckDBTypeId.DATE) return value.toISOString().slice(0, 10);
    if (type === DuckDBTypeId.TIMESTAMP_TZ)
      return `${new Date(value.getTime() + KST_MS).toISOString().slice(0, 19)}+09:00`;
    return value.toISOString().slice(0, 19);
  }
  return plain(value);
}

export interface OpenOptions {
  /** Open with DuckDB's access_mode READ_ONLY: the engine refuses every write, and nothing is bootstrapped. */
  readOnly?: boolean;
}

export class DuckDbWarehouse implements Warehouse, Ledger {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sqlDir: string;
  private readonly generatedDir: string;
  private readonly transpiler: SqlTranspiler;
  /** sha256 of a sql/ file's text -> its path, so query(readSql(file)) runs the generated form. */
  private readonly fileByHash = new Map<string, string>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly resolvePath: (bucket: string, name: string) => string,
    options: DuckDbWarehouseOptions,
  ) {
    this.sqlDir = options.sqlDir ?? SQL_DIR;
    this.generatedDir = options.generatedDir ?? GENERATED_DIR;
    this.transpiler = options.transpiler ?? new SqlTranspiler(options.python ?? DEFAULT_PYTHON);
  }

  static async open(
    file: string,
    resolvePath: (bucket: string, name: string) => string,
    options: DuckDbWarehouseOptions & OpenOptions = {},
  ): Promise<DuckDbWarehouse> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(
        file,
        options.readOnly ? { access_mode: 'READ_ONLY' } : {},
      );
    } catch (error) {
      throw explainOpenError(error, file);
    }
    const wh = new DuckDbWarehouse(instance, await instance.connect(), resolvePath, options);
    try {
      if (options.readOnly) {
        // A read-only database allows session settings; nothing is created.
        for (const setting of SESSION_SETTINGS) await wh.connection.run(setting);
        wh.indexSqlFiles();
      } else await wh.bootstrap();
    } catch (error) {
      wh.connection.closeSync();
      instance.closeSync();
      throw error;
    }
    return wh;
  }

  /** DuckDB connections run one statement at a time; serialise callers (the bus delivers in parallel). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Runs statements in order; returns the rows of the last one. */
  private async exec(
    statements: DuckStatement[],
    params: SqlParams,
  ): Promise<Record<string, unknown>[]> {
    let rows: Record<string, unknown>[] = [];
    for (const s of statements) {
      const reader = await this.connection.runAndReadAll(s.sql, bindings(s, params));
      rows = reader
        .getRowObjectsJS()
        .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
    }
    return rows;
  }

  private async runFile(relativePath: string, params: SqlParams = {}): Promise<void> {
    await this.exec(generatedStatements(relativePath, this.sqlDir, this.generatedDir), params);
  }

  private indexSqlFiles(dir = this.sqlDir): void {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) this.indexSqlFiles(full);
      else if (e.name.endsWith('.sql'))
        this.fileByHash.set(sha256(readFileSync(full, 'utf8')), relative(this.sqlDir, full));
    }
  }

  private async bootstrap(): Promise<void> {
    for (const setting of SESSION_SETTINGS) await this.connection.run(setting);
    this.indexSqlFiles();
    for (const d of DATASETS) await this.connection.run(`create schema if not exists ${d}`);
    await this.connection.run('create schema if not exists _local');
    await this.connection.run(
      'create table if not exists _local.jobs (job_id varchar primary key, finished_at timestamptz)',
    );
    // What `pipeline migrate` creates on BigQuery, plus Terraform's tables: DDL, model tables,
    // seeds, views (in dependency order). Incremental models are built by `pipeline models build`.
    for (const f of migrationFiles(this.sqlDir)) await this.runFile(f);
  }

  private async claim(jobId: string, work: () => Promise<number>): Promise<LoadResult> {
    return this.exclusive(async () => {
      const seen = await this.connection.runAndReadAll(
        `select 1 from _local.jobs where job_id = ${sqlString(jobId)}`,
      );
      if (seen.currentRowCount > 0) return { ran: false, rowsLoaded: 0 };
      await this.connection.run('begin transaction');
      try {
        const rows = await work();
        await this.connection.run(
          `insert into _local.jobs values (${sqlString(jobId)}, current_timestamp)`,
        );
        await this.connection.run('commit');
        return { ran: true, rowsLoaded: rows };
      } catch (error) {
        await this.connection.run('rollback');
        throw duckDbError(error, `job ${jobId}`);
      }
    });
  }

  private async columnsOf(table: string): Promise<string> {
    const [schema, name] = table.split('.');
    const reader = await this.connection.runAndReadAll(
      `select column_name, data_type from information_schema.columns where table_schema = ${sqlString(schema!)} and table_name = ${sqlString(name!)} order by ordinal_position`,
    );
    const cols = reader
      .getRowObjects()
      .map((r) => `${sqlString(String(r.column_name))}: ${sqlString(String(r.data_type))}`);
    if (cols.length === 0) throw new Error(`table ${table} does not exist`);
    return `{${cols.join(', ')}}`;
  }

  async mergeSlot(
    load: SlotLoad & { rawTable: string; statements: string[] },
  ): Promise<LoadResult> {
    const path = this.resolvePath(load.object.bucket, load.object.name);
    const statements = await Promise.all(load.statements.map((sql) => this.duckStatements(sql)));
    return this.claim(load.jobId, async () => {
      await this.connection.run(
        `delete from ${load.rawTable} where _slot_id = ${sqlString(load.slotId)}`,
      );
      const columns = await this.columnsOf(load.rawTable);
      const inserted = await this.connection.run(
        `insert into ${load.rawTable} by name select * from read_json(${sqlString(path)}, format = 'newline_delimited', hive_partitioning = false, columns = ${columns})`,
      );
      for (const statement of statements) await this.exec(statement, slotParams(load));
      return inserted.rowsChanged;
    });
  }

  async overwritePartition(
    load: SlotLoad & { table: string; partitionField: string },
  ): Promise<LoadResult> {
    const folder = this.resolvePath(
      load.object.bucket,
      load.object.name.replace(/\/_SUCCESS$/, ''),
    );
    return this.claim(load.jobId, async () => {
      await this.connection.run(
        `delete from ${load.table} where ${load.partitionField} = date ${sqlString(load.slotDate)}`,
      );
      const inserted = await this.connection.run(
        `insert into ${load.table} by name select * from read_parquet(${sqlString(`${folder}/*.parquet`)}, hive_partitioning = false) where ${load.partitionField} = date ${sqlString(load.slotDate)}`,
      );
      return inserted.rowsChanged;
    });
  }

  async runModel(file: string, params: SqlParams): Promise<void> {
    await this.exclusive(async () => {
      await this.connection.run('begin transaction');
      try {
        await this.runFile(file, params);
        await this.connection.run('commit');
      } catch (error) {
        await this.connection.run('rollback');
        throw error;
      }
    });
  }

  async tableColumns(table: string): Promise<WarehouseColumn[] | undefined> {
    const [schema, name] = table.split('.');
    const reader = await this.exclusive(() =>
      this.connection.runAndReadAll(
        `select column_name, data_type, is_nullable from information_schema.columns where table_schema = ${sqlString(schema!)} and table_name = ${sqlString(name!)} order by ordinal_position`,
      ),
    );
    const rows = reader.getRowObjects();
    if (rows.length === 0) return undefined;
    return rows.map((r) => {
      const duck = String(r.data_type);
      const repeated = duck.endsWith('[]');
      const base = repeated ? duck.slice(0, -2) : duck;
      return {
        name: String(r.column_name),
        type: DUCK_TYPES[base] ?? base,
        mode: repeated ? 'REPEATED' : r.is_nullable === 'NO' ? 'REQUIRED' : 'NULLABLE',
      };
    });
  }

  async runSqlFiles(files: string[], params: SqlParams): Promise<void> {
    await this.exclusive(async () => {
      for (const f of files) await this.runFile(f, params);
    });
  }

  /** GoogleSQL: a sql/ file's text runs its generated form, anything else goes through sqlglot. */
  async query(sql: string, params: SqlParams = {}): Promise<Record<string, unknown>[]> {
    const statements = await this.duckStatements(sql);
    return this.exclusive(() =>
      this.exec(statements, params).catch((error: unknown) => {
        throw duckDbError(error, `query ${sql.replace(/\s+/g, ' ').trim().slice(0, 80)}`);
      }),
    );
  }

  private async duckStatements(sql: string): Promise<DuckStatement[]> {
    const file = this.fileByHash.get(sha256(sql));
    return file
      ? generatedStatements(file, this.sqlDir, this.generatedDir)
      : await this.transpiler.transpile(sql);
  }

  /**
   * An operator's query (`pipeline query`): exactly one statement, counted by DuckDB's own parser, with
   * values for display (dates as YYYY-MM-DD, instants in Asia/Seoul). Writes are refused by the engine
   * when the warehouse was opened read-only.
   */
  async queryOne(sql: string): Promise<Record<string, unknown>[]> {
    const statements = await this.transpiler.transpile(sql);
    if (statements.length !== 1)
      throw new ConfigError('QUERY.STATEMENTS', `one statement per call, got ${statements.length}`);
    const [statement] = statements as [DuckStatement];
    return this.exclusive(async () => {
      const reader = await this.connection.runAndReadAll(statement.sql, bindings(statement, {}));
      const types = reader.columnTypes().map((t) => t.typeId);
      const names = reader.columnNames();
      return reader
        .getRowsJS()
        .map((row) => Object.fromEntries(row.map((v, i) => [names[i]!, display(v, types[i])])));
    });
  }

  async record(row: RunRecord): Promise<void> {
    const values = LEDGER_COLUMNS.map((c) => {
      const v = row[c];
      if (v === null) return 'null';
      if (typeof v === 'number') return String(v);
      if (c === 'started_at' || c === 'finished_at') return `timestamptz ${sqlString(v)}`;
      return sqlString(String(v));
    });
    await this.exclusive(() =>
      this.connection.run(
        `insert into ops.pipeline_runs (${LEDGER_COLUMNS.join(', ')}) values (${values.join(', ')})`,
      ),
    );
  }

  async slotStatus(
    source: string,
    dataset: string,
    slotId: string,
  ): Promise<Record<string, string>> {
    return stageStatuses(await this.query(SLOT_STATUS_SQL, { source, dataset, slot_id: slotId }));
  }

  async close(): Promise<void> {
    await this.queue;
    this.transpiler.close();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
