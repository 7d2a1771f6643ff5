/**
 * What a source is: the one interface the generic stages are written against (contract v2).
 * A source folder exports one SourceDefinition; the registry lists them. Adding a source is
 * one folder + one registry line + its SQL (models, checks, marts) + fixtures.
 */
import type { Exchange, SourceClient } from '../core/http.js';
import type { Logger } from '../core/log.js';
import type { Warehouse } from '../core/ports.js';
import type { Schedule } from '../core/slots.js';
import type { Table } from '../core/table.js';
import type { Unit, UnitKind } from '../core/units.js';

/** Per-source client settings; every one can be overridden by configuration (see functions/config.ts). */
export interface ClientSettings {
  baseUrl: string;
  pageSize: number;
  timeoutMs: number;
  /** Attempts per HTTP request before a transient failure is handed to the platform's retry. */
  retries: number;
  concurrency: number;
  ratePerSecond: number;
  /** Requests per day the API allows this key (0 = no known limit). */
  dailyQuota: number;
}

export interface ExtractContext {
  unit: Unit;
  settings: ClientSettings;
  /** Every request goes through it: pacing, quota, retries, redaction and the exchange record. */
  client: SourceClient;
  /** The API key, or undefined when the source needs none. Never log it. */
  secret: string | undefined;
  log: Logger;
  /** Source-specific options from configuration (e.g. Saramin filters). */
  options: Record<string, string>;
  /** Only these request keys (a retry of a unit's failed requests); undefined = all. */
  only?: readonly string[];
  /** The instant the unit is extracted at (snapshot sources file "now" under it). */
  now: number;
  /**
   * Reads what earlier units loaded (GoogleSQL; reads only, by convention), e.g. a fetch state that
   * spares requests for unchanged records. Absent in unit tests and tools that run no warehouse.
   */
  warehouse?: Pick<Warehouse, 'query'>;
}

/** A request of the unit that failed for good while the others succeeded. */
export interface KeyFailure {
  key: string;
  code: string;
  message: string;
  /**
   * Not a failure: the extract's time budget ran out before this key was asked, and asking it in
   * another invocation can succeed. The extract stage continues such keys itself (a keys message to
   * the source's own topic, bounded); never set it for keys that failed or that cannot succeed today
   * (a spent daily quota).
   */
  continuable?: boolean;
}

export type ExtractResult =
  | {
      kind: 'data';
      /** Every HTTP exchange of the unit, byte-exact (redacted): the raw object, one JSON line each. */
      exchanges: Exchange[];
      /** Total the API claims for the unit, for reconciliation. */
      apiTotal: number;
      /** Records actually present in the exchanges. */
      rawRows: number;
      /** Requests that failed for good; the unit keeps the others (a partial success). */
      failures?: KeyFailure[];
      /** Request keys that had nothing (no data for a place): not failures. */
      emptyKeys?: string[];
    }
  | { kind: 'empty'; reason: string };

/** Rows per declared table of one unit; keys are table names (`core.seoul_population`). */
export type UnitRows = Record<string, Record<string, unknown>[]>;

export interface RowsTransform {
  kind: 'rows';
  /**
   * The unit's exchanges -> rows per declared table. Throws PermanentError on an API error that the
   * extract should have refused, and `<SRC>.SCHEMA_DRIFT` (with the offending body) on drift.
   */
  toRows(
    exchanges: Exchange[],
    unit: Unit,
  ): { tables: UnitRows; rawRows: number; summary?: unknown };
  /**
   * True when the rows of each exchange depend on that exchange alone (one page -> its jobs): the
   * transform stage then calls `toRows` with one exchange at a time and writes its rows out before
   * reading the next, so a large unit never holds all its exchanges and rows at once.
   */
  perExchange?: boolean;
  /**
   * With `perExchange`: the checks that span the unit (pages 1..N, totals that agree), run once every
   * exchange was turned into rows, on the `summary` each `toRows` call returned, in order. Throws
   * like `toRows`; the stage writes nothing for a unit that fails it.
   */
  checkUnit?(summaries: unknown[], unit: Unit): void;
}

export interface SparkTransform {
  kind: 'spark';
  /** PySpark file under functions/spark/, run on an ephemeral cluster (Dataproc) or local Spark. */
  mainPythonFile: string;
}

/**
 * How one declared table is loaded from a unit:
 *   merge     — the unit's rows replace its rows in the raw landing table (raw.<name>), then the
 *               generated MERGE on the key writes the target, in one transaction
 *   raw       — the unit's rows replace its rows in the raw landing table only; the models that read
 *               it (sql/core, sql/mart, ...) build the rest for the unit's range (stages/models.ts)
 *   partition — the unit date's partition of the target is overwritten (Spark's Parquet)
 *   replace   — keyed units' full refresh: the unit's rows replace its rows in the raw landing table,
 *               then every target row whose `keyOf(unit key)` columns match the unit's key is deleted
 *               and the unit's rows inserted, in one transaction (`replaceSql`): rows that vanished
 *               from a re-published answer go, rows of other keys are untouched
 * Nothing wipes rows outside its unit. After the load, every model downstream of the loaded tables
 * is built for the unit's days: that is where a load ends and a model run begins.
 */
export type TableLoad =
  | { table: Table; mode: 'merge' }
  | { table: Table; mode: 'raw' }
  | { table: Table; mode: 'partition' }
  | {
      table: Table;
      mode: 'replace';
      /** The target's columns and values a unit key stands for (`1320-2024` -> jm_cd, base_yy). */
      keyOf: (key: string) => Record<string, string | number> | undefined;
    };

export interface DemoWindow {
  from: string;
  to: string;
  needsSpark?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  body: string;
  /** Request headers, lowercased names (an API that authenticates by header). */
  headers?: Record<string, string>;
  /** The instant the fake answers for (snapshot APIs answer "now"). */
  now: number;
}

export interface FakeReply {
  status: number;
  body: string;
  contentType: string;
  /** Extra response headers (a 429's Retry-After). */
  headers?: Record<string, string>;
  /** Milliseconds before answering (a place that times out). */
  delayMs?: number;
}

/** A route of the local fake API: answers the requests it matches, from fixtures. */
export interface FakeRoute {
  matches(path: string): boolean;
  /** Loads the fixtures once; returns the handler. */
  create(fixturesDir: string, key: string): (req: FakeRequest) => FakeReply;
}

export interface SourceDefinition {
  source: string;
  dataset: string;
  description: string;
  unit: UnitKind;
  /** Window and snapshot sources: the slot grid; keyed sources: a period is still required for names. */
  schedule: Schedule & {
    /** Cloud Scheduler cron, Asia/Seoul; absent = on demand only. */ cron?: string;
  };
  /** Keyed sources: the keys a full backfill covers (a reference list in the source folder). */
  keys?: () => string[];
  /** Environment variable carrying the API key (a Secret Manager secret in production). */
  secretEnv?: string;
  /**
   * The source also works without the key (trends: the key selects the official API, its absence the
   * keyless flow). The local runtime then fakes the API unless `<SOURCE>_BASE_URL` is set, and gives
   * the fake no key, so the keyless flow is what runs there.
   */
  secretOptional?: boolean;
  client: ClientSettings;
  options?: Record<string, string>;
  /** Requests one unit makes (for the daily-quota plan check); default 1. */
  requestsPerUnit?: (options: Record<string, string>) => number;
  extract(ctx: ExtractContext): Promise<ExtractResult>;
  transform: RowsTransform | SparkTransform;
  tables: TableLoad[];
  /**
   * Zero-row assertion queries under sql/checks/ run after each load, besides the reconciliation
   * every source gets from its declarations (stages/reconcile.ts).
   */
  checks: string[];
  /** The fixture window `pipeline demo` runs. */
  demo: DemoWindow;
  /** The route the local fake API serves for this source when no key is configured. */
  fake: FakeRoute;
}
