/**
 * Start-up figures of issue 16 ("Fast and cheap"), each in fresh processes:
 *  - CLI start: `pipeline query "select 1"` through bin/pipeline.js, median of 5 (target <= 0.5 s);
 *    the same command through tsx for comparison (what every call paid before dist/).
 *  - First-event overhead per entry point: a fresh `node` imports the compiled composition root and
 *    handles one event (bench/first-event-child.mjs; target <= 300 ms), with the Google SDKs it loaded.
 * Both run the compiled JavaScript: `npm run build` first when dist/ is older than functions/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ENTRY_POINTS } from '../functions/entrypoints.js';
import { packageRoot } from '../functions/sqlfiles.js';

const ROOT = packageRoot();

/** Every ratio the run measured, printed together at its end (bench/run.ts). */
export const ratios: { label: string; value: number; target: string }[] = [];
export function ratio(label: string, value: number, target: string): void {
  ratios.push({ label, value, target });
}

const row = (label: string, value: string) => console.log(`${label.padEnd(46)} ${value}`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

export async function startupBenchmarks(
  only: { cli: boolean; firstEvent: boolean } = { cli: true, firstEvent: true },
): Promise<void> {
  if (!only.cli && !only.firstEvent) return;
  const { distIsFresh } = (await import(join(ROOT, 'bin', 'dist-fresh.js'))) as {
    distIsFresh: () => boolean;
  };
  if (!distIsFresh()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

  if (only.cli) cliStart();
  if (only.firstEvent) firstEvents();
}

function cliStart(): void {
  console.log('\n7. CLI start: pipeline query "select 1" (median of 5, fresh process each)');
  const root = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    const query = ['query', 'select 1', '--root', root];
    const env = { ...process.env };
    // Creates the warehouse (read-only queries never create one) and warms the disk cache.
    timed(['bin/pipeline.js', ...query, '--write'], env);
    const compiled = median(
      Array.from({ length: 5 }, () => timed(['bin/pipeline.js', ...query], env)),
    );
    const tsx = median(
      Array.from({ length: 5 }, () =>
        timed(['--import', 'tsx', 'functions/cli/main.ts', ...query], env),
      ),
    );
    row(
      'bin/pipeline.js (compiled dist/)',
      `${(compiled / 1000).toFixed(2).padStart(8)} s  (target <= 0.5 s)`,
    );
    row('TypeScript through tsx (before dist/)', `${(tsx / 1000).toFixed(2).padStart(8)} s`);
    ratio('CLI start / 0.5 s', compiled / 500, '<= 1.0x');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function firstEvents(): void {
  console.log(
    '\n8. first-event overhead per entry point (fresh node: import compiled index.js, one event, no network)',
  );
  const env = {
    ...process.env,
    GOOGLE_CLOUD_PROJECT: 'bench-project',
    GOOGLE_APPLICATION_CREDENTIALS: join(ROOT, '.no-such-credentials.json'),
    // Terraform mounts secrets as environment variables: no Secret Manager call on the event path.
    SARAMIN_ACCESS_KEY: 'bench',
    SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/bench',
  };
  for (const entry of ENTRY_POINTS) {
    const kind = entry.trigger.kind;
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'bench', 'first-event-child.mjs'), ROOT, entry.name, kind],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 },
    );
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    let figures: { import: number; firstEvent: number; cpu: number; sdks: string[] };
    try {
      figures = JSON.parse(line) as typeof figures;
    } catch {
      row(entry.name, `failed: ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
      continue;
    }
    ratio(`first event ${entry.name} / 300 ms`, figures.firstEvent / 300, '<= 1.0x');
    row(
      entry.name,
      `${figures.firstEvent.toFixed(0).padStart(8)} ms  (import ${figures.import.toFixed(0)} ms, CPU ${figures.cpu.toFixed(0)} ms; target <= 300 ms) SDKs: ${figures.sdks.join(', ') || 'none'}`,
    );
  }
}
