/**
 * GoogleSQL -> DuckDB for the local warehouse, by sqlglot (scripts/sql_transpile.py; its post-rules
 * are listed there). sql/ files run in their checked-in generated form (generated/duckdb/, one
 * `npm run sql:generate` away from sql/); any other SQL string (`pipeline query`, SQL embedded in
 * TypeScript) goes through one long-lived python process, and each distinct text is transpiled once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { packageRoot } from '../../sqlfiles.js';

/** One DuckDB statement and the named parameters ($name) it uses. */
export interface DuckStatement {
  sql: string;
  params: string[];
}

export const GENERATED_DIR = join(packageRoot(), 'generated', 'duckdb');
export const TRANSPILER_SCRIPT = join(packageRoot(), 'scripts', 'sql_transpile.py');
export const DEFAULT_PYTHON = join(packageRoot(), '.venv', 'bin', 'python');
export const GENERATE_COMMAND = 'npm run sql:generate';
const SETUP_HINT = 'run: bash scripts/setup-python.sh --sql';

const MARKER = /^-- statement (\d+) of (\d+); parameters: (.*)$/;
const SHA_LINE = /^-- source sha256: ([0-9a-f]{64})$/m;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Reads a generated file: its source's hash and its statements (split at the generator's markers). */
export function parseGenerated(text: string): {
  sourceSha256: string;
  statements: DuckStatement[];
} {
  const sourceSha256 = SHA_LINE.exec(text)?.[1];
  if (!sourceSha256) throw new Error('not a generated DuckDB file (no source sha256 line)');
  const statements: DuckStatement[] = [];
  for (const line of text.split('\n')) {
    const m = MARKER.exec(line);
    if (m) statements.push({ sql: '', params: m[3] === '-' ? [] : m[3]!.split(', ') });
    else if (statements.length > 0) statements.at(-1)!.sql += `${line}\n`;
  }
  for (const s of statements) s.sql = s.sql.trim().replace(/;$/, '');
  return { sourceSha256, statements };
}

/**
 * The generated DuckDB statements of sql/<relative>; throws, naming the command to run, when the
 * generated file is missing or was made from a different version of the source.
 */
export function generatedStatements(
  relativePath: string,
  sqlDir: string,
  generatedDir = GENERATED_DIR,
): DuckStatement[] {
  const source = resolve(sqlDir, relativePath);
  const rel = relative(resolve(sqlDir), source);
  if (rel.startsWith('..')) throw new Error(`SQL path escapes sql/: ${relativePath}`);
  const target = join(generatedDir, rel);
  if (!existsSync(target))
    throw new Error(`${relative(packageRoot(), target)} is missing; run \`${GENERATE_COMMAND}\``);
  const generated = parseGenerated(readFileSync(target, 'utf8'));
  if (generated.sourceSha256 !== sha256(readFileSync(source, 'utf8')))
    throw new Error(
      `${relative(packageRoot(), target)} is stale (sql/${rel} changed); run \`${GENERATE_COMMAND}\``,
    );
  return generated.statements;
}

interface Reply {
  statements?: DuckStatement[];
  error?: string;
}

/**
 * Ad-hoc GoogleSQL -> DuckDB through `sql_transpile.py serve`, started on first use. With a
 * `cacheDir`, each result is also kept on disk, keyed by the SQL, the transpiler script and the
 * pinned sqlglot (requirements-sql.txt): a repeated `pipeline query` starts no python at all.
 */
export class SqlTranspiler {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly waiting: ((reply: Reply) => void)[] = [];
  private readonly cache = new Map<string, Promise<DuckStatement[]>>();
  private exitMessage = '';
  private version: string | undefined;

  constructor(
    private readonly python = DEFAULT_PYTHON,
    private readonly cacheDir?: string,
  ) {}

  transpile(sql: string): Promise<DuckStatement[]> {
    let result = this.cache.get(sql);
    if (!result) {
      result = this.cached(sql);
      this.cache.set(sql, result);
      result.catch(() => this.cache.delete(sql));
    }
    return result;
  }

  private async cached(sql: string): Promise<DuckStatement[]> {
    if (!this.cacheDir) return this.request(sql);
    this.version ??= sha256(
      [TRANSPILER_SCRIPT, join(packageRoot(), 'requirements-sql.txt')]
        .map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : ''))
        .join('\0'),
    );
    const file = join(this.cacheDir, `${sha256(`${this.version}\0${sql}`)}.json`);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as DuckStatement[];
    } catch {
      // not cached (or unreadable): ask sqlglot
    }
    const statements = await this.request(sql);
    try {
      mkdirSync(this.cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(statements));
      renameSync(tmp, file);
    } catch {
      // the cache is an optimisation: a read-only folder only costs the next call its python start
    }
    return statements;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (!existsSync(this.python))
      throw new Error(`the SQL transpiler needs ${this.python} with sqlglot; ${SETUP_HINT}`);
    const child = spawn(this.python, [TRANSPILER_SCRIPT, 'serve'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => this.fail(`could not start ${this.python}: ${e.message}`));
    child.on('exit', (code) => {
      this.child = undefined;
      this.fail(
        `the SQL transpiler exited (${code}): ${stderr.trim() || 'no output'}; ${SETUP_HINT}`,
      );
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.waiting.shift()?.(JSON.parse(line) as Reply);
      if (this.waiting.length === 0) this.idle(child);
    });
    return child;
  }

  /** While no request is pending the process must not keep Node alive. */
  private idle(child: ChildProcessWithoutNullStreams): void {
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as Socket).unref();
  }

  private busy(child: ChildProcessWithoutNullStreams): void {
    child.ref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as Socket).ref();
  }

  private fail(message: string): void {
    this.exitMessage = message;
    for (const w of this.waiting.splice(0)) w({ error: message });
  }

  private async request(sql: string): Promise<DuckStatement[]> {
    this.child ??= this.start();
    const child = this.child;
    this.busy(child);
    const reply = await new Promise<Reply>((done) => {
      this.waiting.push(done);
      child.stdin.write(`${JSON.stringify({ sql })}\n`, (e) => {
        if (e) this.fail(this.exitMessage || `could not reach the SQL transpiler: ${e.message}`);
      });
    });
    if (reply.error !== undefined) throw new Error(`GoogleSQL -> DuckDB: ${reply.error}`);
    return reply.statements!;
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }
}
