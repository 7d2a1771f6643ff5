/**
 * `pipeline` — the operator's CLI over the embedded default runtime (`pipeline --help`, and
 * `pipeline <command> --help` for each command's options and examples):
 *   run, backfill, demo, query, replay, sweep
 * Times are ISO-8601 (KST without an offset), `now`, or slot ids; a window's end is exclusive.
 * State lives in --root (default .pipeline; the demo uses .pipeline-demo).
 * `--target gcp` sends backfill and sweep to the deployed platform instead (Pub/Sub + the BigQuery ledger),
 * configured by the same environment variables the functions read (GOOGLE_CLOUD_PROJECT, ...).
 */
import { runCli, type DemoWindow } from './program.js';

/**
 * Fixture windows the fake API serves, used by `pipeline demo`: each source's registry entry.
 * Loaded by `pipeline demo` only: the registry (every source, zod) is not on `pipeline query`'s path.
 */
export async function demoWindows(): Promise<Record<string, DemoWindow>> {
  const { SOURCES } = await import('../sources/registry.js');
  return Object.fromEntries(SOURCES.map((s) => [s.source, s.demo]));
}

const code = await runCli(process.argv.slice(2), { env: process.env, demoWindows });
// Exit now: an error must not wait on anything a half-built runtime left open (a server, a timer).
// stdout/stderr are synchronous for files and pipes on Linux; the callback covers the other cases.
process.exitCode = code;
process.stdout.write('', () => process.exit(code));
