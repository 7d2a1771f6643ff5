/**
 * What a source is: the one interface the generic stages are written against.
 * A source folder exports one SourceDefinition; the registry lists them.
 */
import type { Logger } from '../core/log.js';
import type { HttpClient } from '../core/http.js';
import type { Schedule, Slot } from '../core/slots.js';

/** Per-source client settings; every one can be overridden by configuration (see functions/config.ts). */
export interface ClientSettings {
  baseUrl: string;
  pageSize: number;
  timeoutMs: number;
  /** Attempts per HTTP request before a transient failure is handed to the platform's retry. */
  retries: number;
  concurrency: number;
  ratePerSecond: number;
}

export interface ExtractContext {
  slot: Slot;
  settings: ClientSettings;
  /** The API key, or undefined when the source needs none. Never log it. */
  secret: string | undefined;
  http: HttpClient;
  log: Logger;
  /** Source-specific options from configuration (e.g. Saramin filters). */
  options: Record<string, string>;
}

export type ExtractResult =
  | {
      kind: 'data';
      /** The raw payload, exactly as the API sent it (pages joined losslessly where there are several). */
      body: string;
      contentType: string;
      /** Total the API claims for the slot, for reconciliation. */
      apiTotal: number;
      /** Records actually present in body. */
      rawRows: number;
    }
  | { kind: 'empty'; reason: string };

export interface RowsTransform {
  kind: 'rows';
  /** Raw payload -> typed rows for the curated NDJSON file. Throws PermanentError on a bad payload. */
  toRows(raw: string, slot: Slot): { rows: Record<string, unknown>[]; rawRows: number };
}

export interface SparkTransform {
  kind: 'spark';
  /** PySpark file under functions/spark/, run on an ephemeral cluster (Dataproc) or local Spark. */
  mainPythonFile: string;
}

export interface MergeLoad {
  mode: 'merge';
  /** Table the curated rows land in as they are, replaced per slot. */
  rawTable: string;
  /** GoogleSQL files under sql/ run after the raw rows are in, in order (MERGE into core). */
  models: string[];
}

export interface PartitionLoad {
  mode: 'partition';
  /** Day-partitioned table whose partition for the slot date is overwritten (`table$YYYYMMDD`). */
  table: string;
  partitionField: string;
}

export interface SourceDefinition {
  source: string;
  dataset: string;
  description: string;
  schedule: Schedule & { /** Cloud Scheduler cron, Asia/Seoul. */ cron: string };
  /** Environment variable carrying the API key (a Secret Manager secret in production). */
  secretEnv?: string;
  client: ClientSettings;
  options?: Record<string, string>;
  /** File extension of the raw object. */
  rawExtension: 'json' | 'xml';
  extract(ctx: ExtractContext): Promise<ExtractResult>;
  transform: RowsTransform | SparkTransform;
  load: MergeLoad | PartitionLoad;
  /** Zero-row assertion queries under sql/checks/ run after each load. */
  checks: string[];
}
