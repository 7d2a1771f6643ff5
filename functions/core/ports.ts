/**
 * Ports: every external effect a stage has goes through one of these interfaces.
 * adapters/gcp implements them with the official Google Cloud clients, adapters/local with the
 * filesystem, DuckDB and an in-process bus. Stages import only this file, never an adapter.
 */
import type { RunRecord } from './ledger.js';
import type { SlotWindow } from './sqlparams.js';

export type BucketRole = 'raw' | 'curated' | 'quarantine';

export interface ObjectRef {
  bucket: string;
  name: string;
  generation: string;
}

export interface ObjectInfo extends ObjectRef {
  size: number;
  md5: string;
  metadata: Record<string, string>;
}

export interface WriteOptions {
  contentType: string;
  metadata?: Record<string, string>;
  /** Skip the write (no new generation, no finalize event) when the stored bytes are identical. */
  skipIfUnchanged?: boolean;
  /** Create-only: when the object exists, write nothing and return written=false (a claim marker). */
  ifAbsent?: boolean;
  /**
   * Write only over this generation ('0' = only when absent): a read-modify-write that lost a race
   * writes nothing and returns written=false (GCS `ifGenerationMatch`).
   */
  ifGenerationMatch?: string;
}

/**
 * An object's bytes: a string, a Buffer, or Buffers written in order as one object (a transform's
 * NDJSON output, so a large unit is never joined into one Buffer beside its parts).
 */
export type ObjectBody = string | Buffer | readonly Buffer[];

export interface ObjectStore {
  /** Physical bucket name for a role (e.g. `raw` -> `myproj-raw`). */
  bucket(role: BucketRole): string;
  write(
    bucket: string,
    name: string,
    body: ObjectBody,
    options: WriteOptions,
  ): Promise<ObjectRef & { written: boolean }>;
  /** Reads the current bytes; `generation` pins the version (NotFound if that generation is gone). */
  read(ref: { bucket: string; name: string; generation?: string }): Promise<Buffer>;
  stat(bucket: string, name: string): Promise<ObjectInfo | undefined>;
  list(bucket: string, prefix: string): Promise<ObjectInfo[]>;
  copy(from: ObjectRef, toBucket: string, toName: string): Promise<ObjectRef>;
  /**
   * Deletes exactly this generation (a precondition: a newer generation is left alone); false when it
   * was already gone or replaced. Releases a claim marker.
   */
  remove(ref: ObjectRef): Promise<boolean>;
  /** URI a batch engine reads (`gs://b/n` or a local path). */
  uri(bucket: string, name: string): string;
}

export interface SlotLoad extends SlotWindow {
  /** Curated object (NDJSON file, or the `_SUCCESS` marker of a Parquet folder). */
  object: ObjectRef;
  /** Deterministic id from (source, dataset, slot, generation): the same event never loads twice. */
  jobId: string;
}

export interface LoadResult {
  /** False when the job id had already run: a redelivered event. */
  ran: boolean;
  rowsLoaded: number;
}

/** A column as the warehouse reports it: GoogleSQL type name (INT64, STRING, ...) and mode. */
export interface WarehouseColumn {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
}

export interface Warehouse {
  /**
   * Replaces the unit's rows in `rawTable` with the curated NDJSON file, then runs the GoogleSQL
   * statements (the MERGE into the target), all or nothing.
   */
  mergeSlot(load: SlotLoad & { rawTable: string; statements: string[] }): Promise<LoadResult>;
  /** Overwrites the slot date's partition of `table` with the Parquet files beside the marker. */
  overwritePartition(
    load: SlotLoad & { table: string; partitionField: string },
  ): Promise<LoadResult>;
  /** Runs GoogleSQL files in order (DDL, seeds and mart views: `pipeline migrate`). */
  runSqlFiles(files: string[], params: Record<string, string | Date>): Promise<void>;
  /** Runs one model file (path under sql/) as one transaction: all its statements or none. */
  runModel(file: string, params: Record<string, string | Date>): Promise<void>;
  /** The columns of a table as the warehouse has it, or undefined when it does not exist. */
  tableColumns(table: string): Promise<WarehouseColumn[] | undefined>;
  /** Runs a GoogleSQL query and returns rows (checks, the CLI). */
  query(sql: string, params?: Record<string, string | Date>): Promise<Record<string, unknown>[]>;
}

export interface Ledger {
  record(row: RunRecord): Promise<void>;
  /** Latest non-skipped status per stage for a slot (backfill resume). */
  slotStatus(source: string, dataset: string, slotId: string): Promise<Record<string, string>>;
  /** A GoogleSQL query over ops.pipeline_runs (the policy's attempt count and alert episodes). */
  query(sql: string, params?: Record<string, string | Date>): Promise<Record<string, unknown>[]>;
}

export interface Alert {
  severity: 'info' | 'warning' | 'error' | 'recovery';
  title: string;
  text: string;
  /**
   * One alert per key, across every instance (core/alerting.ts claims the key create-only before
   * sending): a key names the episode it reports (e.g. the unit's failure since its last success).
   */
  key: string;
  fields?: Record<string, string>;
}

export interface Alerts {
  send(alert: Alert): Promise<void>;
}

export interface Publisher {
  publish(
    topic: string,
    body: Record<string, unknown>,
    attributes: Record<string, string>,
  ): Promise<string>;
}

export interface SparkRun {
  /** Cluster/run name derived from the slot plus a short hash. */
  name: string;
  source: string;
  slotId: string;
  mainPythonFile: string;
  args: string[];
  labels: Record<string, string>;
}

export interface ClusterInfo {
  name: string;
  labels: Record<string, string>;
  createdAt: Date;
  state: string;
}

export interface ClusterRunner {
  /**
   * Runs the job on an ephemeral cluster created for this run only; the cluster is deleted whatever
   * happens. Resolves when the run was handed over (production) or finished (local).
   */
  submit(run: SparkRun): Promise<{ operation: string }>;
  /** Clusters carrying our label. */
  listClusters(): Promise<ClusterInfo[]>;
  /**
   * Deletes a cluster, resolving once the deletion is under way (Dataproc) or done (local); "already
   * gone" counts as success.
   */
  deleteCluster(name: string): Promise<void>;
}

export interface Clock {
  now(): number;
}
