/**
 * Start-up figures of issue 16 ("Fast and cheap"), each in fresh processes:
 *  - CLI start: `pipeline query "select 1"` through bin/pipeline.js (the bundled dist/cli/), median
 *    of 5 (target <= 0.5 s); the same command from the unbundled tsc output and through tsx, for
 *    comparison.
 *  - First-event overhead per entry point: a fresh `node` loads the Functions Framework, then imports
 *    the deployed bundle's composition root and handles one event until its first network request
 *    (bench/first-event-child.mjs; target <= 300 ms), on the runtime's Node (scripts/node-runtime.sh)
 *    and on this one; the same for the plain tsc output of dist/, whose require cache names the
 *    Google SDKs the entry point loaded.
 * Both run compiled JavaScript: `npm run build` first when dist/ is older than functions/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

export function median(values: number[]): number {
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

/** Builds dist/ (`npm run build`) unless it is newer than every source it is compiled from. */
export async function ensureDist(): Promise<void> {
  const { distIsFresh } = (await import(join(ROOT, 'bin', 'dist-fresh.js'))) as {
    distIsFresh: () => boolean;
  };
  if (!distIsFresh()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

export async function startupBenchmarks(
  only: { cli: boolean; firstEvent: boolean } = { cli: true, firstEvent: true },
): Promise<void> {
  if (!only.cli && !only.firstEvent) return;
  await ensureDist();

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
    // The plain tsc output of the same code, and the TypeScript sources: what each call paid before.
    const unbundled = median(
      Array.from({ length: 5 }, () => timed(['dist/functions/cli/main.js', ...query], env)),
    );
    const tsx = median(
      Array.from({ length: 5 }, () =>
        timed(['--import', 'tsx', 'functions/cli/main.ts', ...query], env),
      ),
    );
    row(
      'bin/pipeline.js (bundled dist/cli/)',
      `${(compiled / 1000).toFixed(2).padStart(8)} s  (target <= 0.5 s)`,
    );
    row(
      'tsc output, unbundled (dist/functions/)',
      `${(unbundled / 1000).toFixed(2).padStart(8)} s`,
    );
    row('TypeScript through tsx (before dist/)', `${(tsx / 1000).toFixed(2).padStart(8)} s`);
    ratio('CLI start / 0.5 s', compiled / 500, '<= 1.0x');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

interface FirstEvent {
  framework: number;
  import: number;
  firstEvent: number;
  cpu: number;
  sdks: string[];
}

/** One cold instance of `root`'s composition root handling one event (bench/first-event-child.mjs). */
function firstEvent(
  root: string,
  name: string,
  kind: string,
  env: NodeJS.ProcessEnv,
  node = process.execPath,
): FirstEvent {
  const result = spawnSync(node, [join(ROOT, 'bench', 'first-event-child.mjs'), root, name, kind], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as FirstEvent;
  } catch {
    throw new Error(`${name}: ${result.stderr.trim().split('\n').at(-1) ?? 'no output'}`);
  }
}

/** The run with the median first-event time of `n`. */
function medianRun(n: number, run: () => FirstEvent): FirstEvent {
  const runs = Array.from({ length: n }, run).sort((a, b) => a.firstEvent - b.firstEvent);
  return runs[Math.floor(n / 2)]!;
}

/**
 * What deploys: the staged bundle (scripts/terraform-stage-functions.sh) in `work`/function, with
 * this checkout's node_modules where Cloud Build would install them. Returns its root.
 */
function stageBundle(work: string): string {
  const staged = join(work, 'function');
  execFileSync('bash', [join(ROOT, 'scripts', 'terraform-stage-functions.sh'), staged], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  symlinkSync(join(ROOT, 'node_modules'), join(staged, 'node_modules'));
  return staged;
}

/** Milliseconds a fresh node takes to import `root`'s dist/functions/index.js (median of 5). */
function importTime(root: string, env: NodeJS.ProcessEnv): number {
  const url = pathToFileURL(join(root, 'dist', 'functions', 'index.js')).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
  return median(
    Array.from({ length: 5 }, () => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        env,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(r.stderr.trim().split('\n').at(-1));
      return Number(r.stdout.trim().split('\n').at(-1));
    }),
  );
}

/**
 * Section 5: what a cold instance pays to import the composition root (the Functions Framework
 * included, as index.js imports it; no client is built), deployed bundle vs the plain tsc output.
 */
export async function coldStart(): Promise<void> {
  console.log('\n5. cold start: a fresh node imports dist/functions/index.js (median of 5)');
  await ensureDist();
  const work = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
  try {
    const env = { ...process.env, GOOGLE_CLOUD_PROJECT: 'bench-project' };
    const bundled = importTime(stageBundle(work), env);
    const plain = importTime(ROOT, env);
    row('the deployed bundle', `${bundled.toFixed(0).padStart(8)} ms`);
    row('the plain tsc output (dist/functions/)', `${plain.toFixed(0).padStart(8)} ms`);
    ratio('cold start: bundled / unbundled import', bundled / plain, '< 1.0x');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function firstEvents(): void {
  console.log(
    '\n8. first-event overhead per entry point (fresh node each, median of 3: after the Functions Framework\n' +
      '   loaded, import ours and handle one event until its first network request; no network)',
  );
  const work = mkdtempSync(join(tmpdir(), 'bench-first-event-'));
  try {
    const staged = stageBundle(work);
    // An authorized-user file: every SDK's first call begins with a token request (refused offline).
    const credentials = join(work, 'credentials.json');
    writeFileSync(
      credentials,
      JSON.stringify({
        type: 'authorized_user',
        client_id: 'bench',
        client_secret: 'bench',
        refresh_token: 'bench',
      }),
    );
    // The platform's environment: Cloud Functions sets neither variable, but a machine behind a
    // TLS proxy may, and then gRPC parses that whole CA file (~100 ms) into every first channel.
    const {
      GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: _grpcRoots,
      NODE_EXTRA_CA_CERTS: _extraCa,
      ...rest
    } = process.env;
    const env = {
      ...rest,
      GOOGLE_CLOUD_PROJECT: 'bench-project',
      GOOGLE_APPLICATION_CREDENTIALS: credentials,
      // Terraform mounts secrets as environment variables: no Secret Manager call on the event path.
      SARAMIN_ACCESS_KEY: 'bench',
      SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/bench',
    };
    // The Node the functions run on (terraform: nodejs22), fetched when this machine has another.
    const runtime = spawnSync('bash', [join(ROOT, 'scripts', 'node-runtime.sh')], {
      encoding: 'utf8',
    });
    const runtimeNode = runtime.status === 0 ? runtime.stdout.trim() : undefined;
    const runtimeVersion = runtimeNode
      ? execFileSync(runtimeNode, ['-v'], { encoding: 'utf8' }).trim()
      : undefined;
    row(
      'Node',
      `this machine ${process.version}; the runtime's ${runtimeVersion ?? `unavailable (scripts/node-runtime.sh: ${runtime.stderr.trim().split('\n').at(-1)})`}`,
    );
    for (const entry of ENTRY_POINTS) {
      const kind = entry.trigger.kind;
      let bundled: FirstEvent;
      let plain: FirstEvent;
      let onRuntime: FirstEvent | undefined;
      try {
        bundled = medianRun(3, () => firstEvent(staged, entry.name, kind, env));
        // The tsc output of dist/: slower to load, and its require cache names the SDKs loaded.
        plain = medianRun(3, () => firstEvent(ROOT, entry.name, kind, env));
        if (runtimeNode)
          onRuntime = medianRun(3, () => firstEvent(staged, entry.name, kind, env, runtimeNode));
      } catch (error) {
        row(entry.name, `failed: ${(error as Error).message}`);
        continue;
      }
      // The target is about the deployed function: on the runtime's Node when there is one.
      const deployed = onRuntime ?? bundled;
      ratio(`first event ${entry.name} / 300 ms`, deployed.firstEvent / 300, '<= 1.0x');
      row(
        entry.name,
        `${deployed.firstEvent.toFixed(0).padStart(8)} ms  (target <= 300 ms; import ${deployed.import.toFixed(0)} ms, CPU ${deployed.cpu.toFixed(0)} ms; framework ${deployed.framework.toFixed(0)} ms before, not counted)` +
          (onRuntime
            ? ` ${runtimeVersion}; on ${process.version} ${bundled.firstEvent.toFixed(0)} ms`
            : '') +
          `; unbundled ${plain.firstEvent.toFixed(0)} ms. SDKs: ${plain.sdks.join(', ') || 'none'}`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
