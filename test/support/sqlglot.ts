/** The project's Python with sqlglot (scripts/setup-python.sh --sql), for the sql tests. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEFAULT_PYTHON, TRANSPILER_SCRIPT } from '../../functions/adapters/local/transpile.js';

export const PYTHON = process.env.PIPELINE_PYTHON ?? DEFAULT_PYTHON;
export const SQLGLOT_HINT = 'python with sqlglot; run: bash scripts/setup-python.sh --sql';

export const sqlglotAvailable: boolean =
  existsSync(PYTHON) &&
  spawnSync(PYTHON, ['-c', 'import sqlglot'], { stdio: 'ignore' }).status === 0;

/** Runs scripts/sql_transpile.py with arguments; throws with its stderr on failure. */
export function runTranspiler(args: string[], input?: string): string {
  const r = spawnSync(PYTHON, [TRANSPILER_SCRIPT, ...args], { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`sql_transpile.py ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
