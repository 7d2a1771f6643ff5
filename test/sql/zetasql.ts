/**
 * Validates the GoogleSQL files in sql/ with Google's ZetaSQL analyzer, offline.
 *
 * `@fivetrandevelopers/zetasql` ships ZetaSQL's LocalService as a gRPC server binary; we start it
 * once on a free 127.0.0.1 port, keep a catalog of the tables the sql/ files create (every
 * CREATE TABLE / CREATE VIEW is analyzed by ZetaSQL itself and its resolved columns registered),
 * and analyze every statement of every file, in dependency order, with BigQuery-like language
 * options and the pipeline's named query parameters.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { TypeFactory, ZetaSQLClient, type AnalyzeRequest } from '@fivetrandevelopers/zetasql';
import type { AnalyzeResponse__Output } from '@fivetrandevelopers/zetasql/lib/types/zetasql/local_service/AnalyzeResponse.js';
import type { LanguageOptionsProto } from '@fivetrandevelopers/zetasql/lib/types/zetasql/LanguageOptionsProto.js';
import type { AnalyzerOptionsProto } from '@fivetrandevelopers/zetasql/lib/types/zetasql/AnalyzerOptionsProto.js';
import type { SimpleCatalogProto } from '@fivetrandevelopers/zetasql/lib/types/zetasql/SimpleCatalogProto.js';
import type { SimpleColumnProto } from '@fivetrandevelopers/zetasql/lib/types/zetasql/SimpleColumnProto.js';
import type {
  TypeProto,
  TypeProto__Output,
} from '@fivetrandevelopers/zetasql/lib/types/zetasql/TypeProto.js';
import type { TypeKind } from '@fivetrandevelopers/zetasql/lib/types/zetasql/TypeKind.js';
import { MODEL_FOLDERS, orderModels, parseModel } from '../../functions/core/model.js';
import { SQL_PARAM_TYPES } from '../../functions/core/sqlparams.js';

/** The named query parameters the sql/ files may use (functions/core/sqlparams.ts); any other @name fails. */
export const QUERY_PARAMETERS: ReadonlyMap<string, TypeKind> = new Map(
  Object.entries(SQL_PARAM_TYPES).map(([name, type]) => {
    const kind = TypeFactory.SIMPLE_TYPE_KIND_NAMES.get(type.toLowerCase());
    if (kind === undefined)
      throw new Error(`query parameter @${name}: unknown GoogleSQL type ${type}`);
    return [name, kind];
  }),
);

/** sql/ sub-folders in the order their files may depend on each other; others follow, sorted. */
export const FOLDER_ORDER = ['ddl', 'meta', 'staging', 'core', 'mart', 'checks'] as const;

/** Roughly the GoogleSQL dialect of BigQuery (external product mode, BigQuery's features). */
const LANGUAGE: LanguageOptionsProto = {
  nameResolutionMode: 'NAME_RESOLUTION_DEFAULT',
  productMode: 'PRODUCT_EXTERNAL',
  reservedKeywords: ['QUALIFY'],
  enabledLanguageFeatures: [
    'FEATURE_ANALYTIC_FUNCTIONS',
    'FEATURE_BIGNUMERIC_TYPE',
    'FEATURE_NUMERIC_TYPE',
    'FEATURE_JSON_TYPE',
    'FEATURE_JSON_ARRAY_FUNCTIONS',
    'FEATURE_JSON_VALUE_EXTRACTION_FUNCTIONS',
    'FEATURE_JSON_LAX_VALUE_EXTRACTION_FUNCTIONS',
    'FEATURE_JSON_CONSTRUCTOR_FUNCTIONS',
    'FEATURE_JSON_MUTATOR_FUNCTIONS',
    'FEATURE_INTERVAL_TYPE',
    'FEATURE_RANGE_TYPE',
    'FEATURE_GEOGRAPHY',
    'FEATURE_PARAMETERIZED_TYPES',
    'FEATURE_TIMESTAMP_NANOS',
    'FEATURE_DISALLOW_GROUP_BY_FLOAT',
    'FEATURE_NAMED_ARGUMENTS',
    'FEATURE_TABLESAMPLE',
    'FEATURE_TABLE_VALUED_FUNCTIONS',
    'FEATURE_TEMPLATE_FUNCTIONS',
    'FEATURE_GROUP_BY_ROLLUP',
    'FEATURE_DML_UPDATE_WITH_JOIN',
    'FEATURE_CREATE_TABLE_PARTITION_BY',
    'FEATURE_CREATE_TABLE_CLUSTER_BY',
    'FEATURE_CREATE_TABLE_NOT_NULL',
    'FEATURE_CREATE_TABLE_FIELD_ANNOTATIONS',
    'FEATURE_CREATE_TABLE_AS_SELECT_COLUMN_LIST',
    'FEATURE_CREATE_TABLE_LIKE',
    'FEATURE_CREATE_TABLE_COPY',
    'FEATURE_CREATE_TABLE_CLONE',
    'FEATURE_CREATE_TABLE_FUNCTION',
    'FEATURE_CREATE_VIEW_WITH_COLUMN_LIST',
    'FEATURE_CREATE_MATERIALIZED_VIEW_PARTITION_BY',
    'FEATURE_CREATE_MATERIALIZED_VIEW_CLUSTER_BY',
    'FEATURE_UNENFORCED_PRIMARY_KEYS',
    'FEATURE_FOREIGN_KEYS',
    'FEATURE_ALTER_COLUMN_SET_DATA_TYPE',
    'FEATURE_ALTER_TABLE_RENAME_COLUMN',
    'FEATURE_ALLOW_MISSING_PATH_EXPRESSION_IN_ALTER_DDL',
    'FEATURE_ROUND_WITH_ROUNDING_MODE',
    'FEATURE_TIME_BUCKET_FUNCTIONS',
    'FEATURE_INVERSE_TRIG_FUNCTIONS',
    'FEATURE_CBRT_FUNCTIONS',
    'FEATURE_V_1_1_SELECT_STAR_EXCEPT_REPLACE',
    'FEATURE_V_1_1_ORDER_BY_IN_AGGREGATE',
    'FEATURE_V_1_1_LIMIT_IN_AGGREGATE',
    'FEATURE_V_1_1_HAVING_IN_AGGREGATE',
    'FEATURE_V_1_1_NULL_HANDLING_MODIFIER_IN_AGGREGATE',
    'FEATURE_V_1_1_NULL_HANDLING_MODIFIER_IN_ANALYTIC',
    'FEATURE_V_1_1_FOR_SYSTEM_TIME_AS_OF',
    'FEATURE_V_1_2_CIVIL_TIME',
    'FEATURE_V_1_2_SAFE_FUNCTION_CALL',
    'FEATURE_V_1_2_WEEK_WITH_WEEKDAY',
    'FEATURE_V_1_3_ADDITIONAL_STRING_FUNCTIONS',
    'FEATURE_V_1_3_ALLOW_DASHES_IN_TABLE_NAME',
    'FEATURE_V_1_3_ALLOW_REGEXP_EXTRACT_OPTIONALS',
    'FEATURE_V_1_3_ANNOTATION_FRAMEWORK',
    'FEATURE_V_1_3_COLLATION_SUPPORT',
    'FEATURE_V_1_3_COLUMN_DEFAULT_VALUE',
    'FEATURE_V_1_3_CONCAT_MIXED_TYPES',
    'FEATURE_V_1_3_DATE_ARITHMETICS',
    'FEATURE_V_1_3_DATE_TIME_CONSTRUCTORS',
    'FEATURE_V_1_3_DECIMAL_ALIAS',
    'FEATURE_V_1_3_EXTENDED_DATE_TIME_SIGNATURES',
    'FEATURE_V_1_3_FORMAT_IN_CAST',
    'FEATURE_V_1_3_INLINE_LAMBDA_ARGUMENT',
    'FEATURE_V_1_3_IS_DISTINCT',
    'FEATURE_V_1_3_LIKE_ANY_SOME_ALL',
    'FEATURE_V_1_3_NULLS_FIRST_LAST_IN_ORDER_BY',
    'FEATURE_V_1_3_OMIT_INSERT_COLUMN_LIST',
    'FEATURE_V_1_3_PIVOT',
    'FEATURE_V_1_3_UNPIVOT',
    'FEATURE_V_1_3_QUALIFY',
    'FEATURE_V_1_3_REPEAT',
    'FEATURE_V_1_3_FOR_IN',
    'FEATURE_V_1_3_CASE_STMT',
    'FEATURE_V_1_3_SCRIPT_LABEL',
    'FEATURE_V_1_3_UNNEST_AND_FLATTEN_ARRAYS',
    'FEATURE_V_1_3_WITH_RECURSIVE',
    'FEATURE_V_1_3_TYPEOF_FUNCTION',
    'FEATURE_V_1_3_ARRAY_GREATEST_LEAST',
    'FEATURE_V_1_4_WITH_EXPRESSION',
    'FEATURE_V_1_4_GROUPING_SETS',
    'FEATURE_V_1_4_GROUPING_BUILTIN',
  ],
  supportedStatementKinds: [
    'RESOLVED_QUERY_STMT',
    'RESOLVED_CREATE_SCHEMA_STMT',
    'RESOLVED_CREATE_TABLE_STMT',
    'RESOLVED_CREATE_TABLE_AS_SELECT_STMT',
    'RESOLVED_CREATE_VIEW_STMT',
    'RESOLVED_CREATE_MATERIALIZED_VIEW_STMT',
    'RESOLVED_CREATE_EXTERNAL_TABLE_STMT',
    'RESOLVED_CREATE_FUNCTION_STMT',
    'RESOLVED_CREATE_TABLE_FUNCTION_STMT',
    'RESOLVED_ALTER_TABLE_STMT',
    'RESOLVED_ALTER_VIEW_STMT',
    'RESOLVED_DROP_STMT',
    'RESOLVED_INSERT_STMT',
    'RESOLVED_UPDATE_STMT',
    'RESOLVED_DELETE_STMT',
    'RESOLVED_MERGE_STMT',
    'RESOLVED_TRUNCATE_STMT',
    'RESOLVED_ASSERT_STMT',
    'RESOLVED_EXPORT_DATA_STMT',
    'RESOLVED_AUX_LOAD_DATA_STMT',
    'RESOLVED_BEGIN_STMT',
    'RESOLVED_COMMIT_STMT',
    'RESOLVED_ROLLBACK_STMT',
  ],
};

export interface Diagnostic {
  file: string;
  /** 0-based index of the statement within its file. */
  statement: number;
  message: string;
  /** 1-based position in the file, when the analyzer gave one. */
  line?: number;
  column?: number;
}

export interface FileResult {
  file: string;
  /** Statements analyzed successfully. */
  statements: number;
  /** Milliseconds per analyze call, in statement order (a failing call included). */
  timings: number[];
  /** Empty when ZetaSQL accepts the file. Analysis of a file stops at its first error. */
  diagnostics: Diagnostic[];
}

/** The server binary for this platform (as the package's runServer picks it); ZETASQL_SERVER overrides. */
export function serverBinary(): string {
  if (process.env.ZETASQL_SERVER) return process.env.ZETASQL_SERVER;
  const pkg = createRequire(import.meta.url).resolve('@fivetrandevelopers/zetasql/package.json');
  const name =
    'remote_server' +
    (process.arch.startsWith('arm') ? '_arm' : '') +
    (process.platform === 'darwin' ? '' : '.so');
  return path.join(path.dirname(pkg), 'lib', 'zetasql', name);
}

/** Every .sql file under root, ordered ddl, meta, staging, core, mart, checks, then other folders. */
export function sqlFilesInOrder(root: string): string[] {
  if (!existsSync(root)) return [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return walk(full);
        return e.isFile() && e.name.endsWith('.sql') ? [full] : [];
      });
  const rank = (file: string): number => {
    const top = path.relative(root, file).split(path.sep)[0] ?? '';
    const i = (FOLDER_ORDER as readonly string[]).indexOf(top);
    return i === -1 ? FOLDER_ORDER.length : i;
  };
  // Array.prototype.sort is stable: within a rank the walk's alphabetical order is kept.
  const files = walk(root).sort((a, b) => rank(a) - rank(b));
  // Models (staging, core, mart) in dependency order, as `pipeline migrate` applies them: a mart
  // reading another area's mart (mart.data_jobs_calendar) comes after it whatever the names.
  const isModel = (f: string) =>
    (MODEL_FOLDERS as readonly string[]).includes(path.relative(root, f).split(path.sep)[0] ?? '');
  const models = files.filter(isModel);
  if (models.length === 0) return files;
  const byRel = new Map(models.map((f) => [path.relative(root, f).split(path.sep).join('/'), f]));
  let ordered: string[];
  try {
    ordered = orderModels(
      [...byRel.keys()].map((rel) => parseModel(rel, readFileSync(byRel.get(rel)!, 'utf8'))),
    ).map((m) => byRel.get(m.file)!);
  } catch {
    return files; // not a model tree (the rejection fixtures): folder order only
  }
  const first = files.findIndex(isModel);
  return [
    ...files.slice(0, first),
    ...ordered,
    ...files.filter((f, i) => i >= first && !isModel(f)),
  ];
}

/** A plain TypeProto (drops the defaults the gRPC loader fills in on output). */
function cleanType(t: TypeProto__Output | null | undefined): TypeProto {
  if (!t) throw new Error('column without a type in the resolved AST');
  const out: TypeProto = { typeKind: t.typeKind };
  if (t.arrayType) out.arrayType = { elementType: cleanType(t.arrayType.elementType) };
  if (t.structType)
    out.structType = {
      field: t.structType.field.map((f) => ({
        fieldName: f.fieldName,
        fieldType: cleanType(f.fieldType),
      })),
    };
  if (t.rangeType) out.rangeType = { elementType: cleanType(t.rangeType.elementType) };
  return out;
}

interface CreatedTable {
  namePath: string[];
  columns: SimpleColumnProto[];
}

/** The table (or view) a resolved CREATE statement defines, with its resolved columns. */
function createdTable(res: AnalyzeResponse__Output): CreatedTable | undefined {
  const create = res.resolvedStatement?.resolvedCreateStatementNode;
  const tableBase = create?.resolvedCreateTableStmtBaseNode;
  const viewBase = create?.resolvedCreateViewBaseNode;
  if (tableBase) {
    const node =
      tableBase.resolvedCreateTableStmtNode ??
      tableBase.resolvedCreateTableAsSelectStmtNode ??
      tableBase.resolvedCreateExternalTableStmtNode;
    const base = node?.parent;
    if (!base?.parent) return undefined;
    return {
      namePath: base.parent.namePath,
      columns: base.columnDefinitionList.map((c) => ({ name: c.name, type: cleanType(c.type) })),
    };
  }
  if (viewBase) {
    const base = (
      viewBase.resolvedCreateViewStmtNode ?? viewBase.resolvedCreateMaterializedViewStmtNode
    )?.parent;
    if (!base?.parent) return undefined;
    return {
      namePath: base.parent.namePath,
      columns: base.outputColumnList.map((c) => ({
        name: c.name,
        type: cleanType(c.column?.type),
      })),
    };
  }
  return undefined;
}

/** Nested SimpleCatalogProto: one sub-catalog per dataset (per leading name part). */
class Catalog {
  private readonly tables = new Map<string, CreatedTable>();

  put(table: CreatedTable): void {
    this.tables.set(table.namePath.join('.').toLowerCase(), table);
  }

  get size(): number {
    return this.tables.size;
  }

  toProto(): SimpleCatalogProto {
    const root: SimpleCatalogProto = {
      name: 'root',
      builtinFunctionOptions: { languageOptions: LANGUAGE },
    };
    for (const t of this.tables.values()) {
      let cat = root;
      for (const part of t.namePath.slice(0, -1)) {
        const subs = (cat.catalog ??= []);
        let sub = subs.find((c) => c.name?.toLowerCase() === part.toLowerCase());
        if (!sub) subs.push((sub = { name: part }));
        cat = sub;
      }
      (cat.table ??= []).push({ name: t.namePath.at(-1) ?? '', column: t.columns });
    }
    return root;
  }
}

/** The gRPC status message of a failed call (ZetaSQL's error text), or the error itself. */
function errorText(e: unknown): string {
  if (e instanceof Error) {
    const details: unknown = (e as Error & { details?: unknown }).details;
    return typeof details === 'string' && details !== '' ? details : e.message;
  }
  return String(e);
}

/** True when the text holds only whitespace and comments. */
function onlyComments(text: string): boolean {
  return text.replace(/\/\*[\s\S]*?\*\/|--[^\n]*|#[^\n]*/g, '').trim() === '';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class ZetaSqlValidator {
  private catalog = new Catalog();
  private catalogId: string | undefined;

  private constructor(
    private readonly server: ChildProcess,
    private readonly client: ZetaSQLClient,
  ) {}

  /** Starts the ZetaSQL server on a free 127.0.0.1 port and waits until it answers. */
  static async start(timeoutMs = 20_000): Promise<ZetaSqlValidator> {
    const binary = serverBinary();
    if (!existsSync(binary)) throw new Error(`ZetaSQL server binary not found: ${binary}`);
    const port = await freePort();
    const server = spawn(binary, ['127.0.0.1', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        server.kill('SIGKILL');
        reject(new Error(`ZetaSQL server did not start (${err.message}): ${output.trim()}`));
      };
      const onData = (chunk: Buffer): void => {
        if (output.length > 100_000) return; // the server's later logging is dropped
        output += chunk.toString();
        if (output.includes('Server listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      server.stdout?.on('data', onData);
      server.stderr?.on('data', onData);
      server.once('error', fail);
      server.once('exit', (code, signal) => fail(new Error(`exited with ${signal ?? code}`)));
    });
    server.removeAllListeners('exit');
    process.once('exit', () => server.kill('SIGKILL')); // never leave the server behind
    ZetaSQLClient.init(port);
    const client = ZetaSQLClient.getInstance();
    if (!(await client.testConnection())) {
      server.kill('SIGKILL');
      throw new Error(`ZetaSQL server on port ${port} does not answer`);
    }
    return new ZetaSqlValidator(server, client);
  }

  /** Closes the gRPC channel and stops the server. */
  async close(): Promise<void> {
    ZetaSQLClient.API.close();
    if (this.server.exitCode !== null || this.server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.server.once('exit', () => resolve()));
    this.server.kill('SIGTERM');
    const timer = setTimeout(() => this.server.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }

  /** Forgets every table and view, so the next files start from an empty catalog. */
  async reset(): Promise<void> {
    await this.invalidateCatalog();
    this.catalog = new Catalog();
  }

  /** Number of tables and views currently in the catalog. */
  get tableCount(): number {
    return this.catalog.size;
  }

  private async registeredCatalog(): Promise<string> {
    if (this.catalogId === undefined) {
      const res = await this.client.registerCatalog({ simpleCatalog: this.catalog.toProto() });
      this.catalogId = String(res?.registeredId ?? '');
    }
    return this.catalogId;
  }

  private async invalidateCatalog(): Promise<void> {
    if (this.catalogId === undefined) return;
    await this.client.unRegisterCatalog({ registeredId: this.catalogId });
    this.catalogId = undefined;
  }

  /**
   * Analyzes every statement of one file (ZetaSQL finds the statement boundaries itself) and adds
   * the tables and views it creates to the catalog, so later statements and files can read them.
   */
  async analyzeFile(file: string, sql: string): Promise<FileResult> {
    const result: FileResult = { file, statements: 0, timings: [], diagnostics: [] };
    const input = Buffer.from(sql, 'utf8');
    let position = 0; // ZetaSQL reports byte positions
    while (position < input.length && !onlyComments(input.subarray(position).toString('utf8'))) {
      const options: AnalyzerOptionsProto = {
        languageOptions: LANGUAGE,
        errorMessageMode: 'ERROR_MESSAGE_ONE_LINE',
        defaultTimezone: 'UTC',
        queryParameters: [...QUERY_PARAMETERS].map(([name, typeKind]) => ({
          name,
          type: { typeKind },
        })),
      };
      const request: AnalyzeRequest = {
        options,
        registeredCatalogId: await this.registeredCatalog(),
        parseResumeLocation: { input: sql, bytePosition: position, allowResume: true },
      };
      const started = performance.now();
      let res: AnalyzeResponse__Output | undefined;
      try {
        res = await this.client.analyze(request);
      } catch (e) {
        result.timings.push(performance.now() - started);
        result.diagnostics.push(diagnostic(file, result.statements, errorText(e)));
        return result;
      }
      result.timings.push(performance.now() - started);
      if (!res || res.resumeBytePosition <= position) {
        result.diagnostics.push(diagnostic(file, result.statements, 'analyzer made no progress'));
        return result;
      }
      const created = createdTable(res);
      if (created) {
        this.catalog.put(created);
        await this.invalidateCatalog();
      }
      result.statements += 1;
      position = res.resumeBytePosition;
    }
    if (result.statements === 0)
      result.diagnostics.push(diagnostic(file, 0, 'file holds no SQL statement'));
    return result;
  }
}

/** Splits ZetaSQL's one-line error ("message [at line:column]") into message and position. */
function diagnostic(file: string, statement: number, text: string): Diagnostic {
  const at = /\s*\[at (?:[^\]]*:)?(\d+):(\d+)\]\s*$/.exec(text);
  let message = at ? text.slice(0, at.index) : text;
  if (/Query parameter '[^']+' not found/i.test(message))
    message +=
      ` (known parameters: ${[...QUERY_PARAMETERS.keys()].map((p) => `@${p}`).join(', ')}; ` +
      'a new one must be declared in SQL_PARAM_TYPES of functions/core/sqlparams.ts)';
  return at
    ? { file, statement, message, line: Number(at[1]), column: Number(at[2]) }
    : { file, statement, message };
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
  return `${where}: statement #${d.statement + 1}: ${d.message}`;
}

/** Analyzes every .sql file under root in dependency order (one server, one growing catalog). */
export async function validateSqlTree(
  root: string,
  validator: ZetaSqlValidator,
): Promise<FileResult[]> {
  await validator.reset();
  const results: FileResult[] = [];
  for (const file of sqlFilesInOrder(root)) {
    results.push(
      await validator.analyzeFile(path.relative(root, file), readFileSync(file, 'utf8')),
    );
  }
  return results;
}
