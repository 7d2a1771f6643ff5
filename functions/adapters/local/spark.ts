/**
 * Local stand-in for Dataproc: `spark-submit --master local[*]` of the same PySpark file. It keeps a
 * cluster registry on disk (create on submit, delete when the run ends, whatever happened), so
 * teardown and the orphan sweep behave — and are tested — like the real adapter.
 * A run is its own process group (spark-submit, the JVM, Python workers), recorded in the registry
 * with the launcher's pid: interrupt() kills every live group of this process (Ctrl-C, SIGTERM), and
 * reapOrphans() kills the groups a launcher that died without cleaning up (SIGKILL, a crash) left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, PermanentError, TransientError } from '../../core/errors.js';
import type { ClusterInfo, ClusterRunner, SparkRun } from '../../core/ports.js';

interface ClusterRecord {
  name: string;
  labels: Record<string, string>;
  createdAt: string;
  deletedAt?: string;
  state: string;
  /** Process group of the local run, and the process that launched it. */
  pid?: number;
  launcherPid?: number;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export interface LocalSparkOptions {
  /** JSON file holding the cluster registry. */
  registryFile: string;
  /** Folder holding the PySpark files (functions/spark). */
  codeDir: string;
  sparkSubmit: string;
  /**
   * Called when a run's process ended, whatever its exit code (on GCS a file is finalized when the
   * job writes it, not when the job ends): emit finalize events for the files it wrote since
   * `startedAt` (a batch that failed on one day still wrote the others, and that day's `_FAILED`).
   */
  afterRun?: (run: SparkRun, startedAt: number) => Promise<void>;
  log?: (line: string) => void;
}

export class LocalSparkRunner implements ClusterRunner {
  private readonly children = new Map<string, ChildProcess>();
  private interrupted = false;

  constructor(private readonly opts: LocalSparkOptions) {}

  /**
   * Ctrl-C / SIGTERM: start no new run and kill the running ones (SIGTERM, SIGKILL after graceMs).
   * Their submit() throws a TransientError, so the transform is marked `retrying`, not quarantined,
   * and its cluster is deleted from the registry as usual. Resolves when every child has exited.
   */
  async interrupt(graceMs = 5000): Promise<number> {
    this.interrupted = true;
    const live = [...this.children.values()];
    const exited = live.map(
      (c) => new Promise<void>((r) => (c.exitCode !== null ? r() : c.once('close', () => r()))),
    );
    for (const c of live) if (c.pid) killGroup(c.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      for (const c of live) if (c.pid) killGroup(c.pid, 'SIGKILL');
    }, graceMs);
    await Promise.all(exited);
    clearTimeout(timer);
    return live.length;
  }

  /**
   * Kills the runs whose launcher died without cleaning up (killed with SIGKILL, crashed) and deletes
   * their clusters from the registry. Called when a runtime opens its state folder: only one process
   * holds a state folder at a time (the warehouse lock), so every such run is an orphan.
   */
  reapOrphans(): string[] {
    const reaped: string[] = [];
    for (const r of this.load()) {
      if (r.deletedAt || !r.launcherPid || r.launcherPid === process.pid) continue;
      if (r.pid && this.isOurRun(r.pid)) killGroup(r.pid, 'SIGKILL');
      reaped.push(r.name);
    }
    for (const name of reaped) {
      this.markDeleted(name, 'DELETED');
      this.opts.log?.(
        `[dataproc-local] cluster ${name} orphaned by a dead launcher: killed and deleted`,
      );
    }
    return reaped;
  }

  private load(): ClusterRecord[] {
    return existsSync(this.opts.registryFile)
      ? (JSON.parse(readFileSync(this.opts.registryFile, 'utf8')) as ClusterRecord[])
      : [];
  }

  private save(records: ClusterRecord[]): void {
    mkdirSync(dirname(this.opts.registryFile), { recursive: true });
    writeFileSync(this.opts.registryFile, JSON.stringify(records, null, 2));
  }

  /** Registers a cluster as created (exposed so tests can leave one behind, as a killed launcher would). */
  create(name: string, labels: Record<string, string>, createdAt = new Date()): void {
    const records = this.load().filter((r) => r.name !== name);
    records.push({ name, labels, createdAt: createdAt.toISOString(), state: 'RUNNING' });
    this.save(records);
  }

  async submit(run: SparkRun): Promise<{ operation: string }> {
    if (!existsSync(this.opts.sparkSubmit)) {
      throw new ConfigError(
        'SPARK.NOT_INSTALLED',
        `spark-submit not found at ${this.opts.sparkSubmit}; run \`bash scripts/setup-python.sh\` (needs Java 17)`,
      );
    }
    if (this.interrupted)
      throw new TransientError('SPARK.INTERRUPTED', `not started: the launcher is stopping`);
    this.create(run.name, run.labels);
    this.opts.log?.(`[dataproc-local] cluster ${run.name} created; running ${run.mainPythonFile}`);
    // A second early: file times come from the kernel's coarse clock, which may lag Date.now().
    const startedAt = Date.now() - 1000;
    let code: number;
    try {
      code = await this.spawnJob(run);
    } finally {
      await this.deleteCluster(run.name);
      this.opts.log?.(`[dataproc-local] cluster ${run.name} deleted`);
    }
    // An interrupted run's outputs are left for the rerun (the launcher is stopping its bus).
    if (!this.interrupted) await this.opts.afterRun?.(run, startedAt);
    if (this.interrupted)
      throw new TransientError(
        'SPARK.INTERRUPTED',
        `spark job ${run.name} was stopped by an interrupt (exit ${code}); rerun the window to resume it`,
      );
    if (code !== 0)
      throw new PermanentError(
        'SPARK.JOB_FAILED',
        `spark job ${run.name} exited with code ${code}`,
      );
    return { operation: `local/${run.name}` };
  }

  private spawnJob(run: SparkRun): Promise<number> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        this.opts.sparkSubmit,
        [
          '--master',
          'local[2]',
          '--conf',
          'spark.sql.shuffle.partitions=4',
          '--conf',
          'spark.ui.enabled=false',
          join(this.opts.codeDir, run.mainPythonFile),
          ...run.args,
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          // Its own process group: interrupt() and reapOrphans() kill the JVM and Python workers too,
          // and a terminal's Ctrl-C reaches the launcher only, which decides.
          detached: true,
          env: {
            ...process.env,
            PYSPARK_PYTHON:
              process.env.PYSPARK_PYTHON ?? join(dirname(this.opts.sparkSubmit), 'python'),
          },
        },
      );
      if (child.pid) {
        this.children.set(run.name, child);
        this.setPid(run.name, child.pid);
      }
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => this.opts.log?.(`[spark] ${d.toString().trim()}`));
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      child.on('error', reject);
      child.on('close', (code) => {
        this.children.delete(run.name);
        if (code !== 0) this.opts.log?.(`[spark] ${run.name} failed:\n${stderr}`);
        resolve(code ?? 1);
      });
    });
  }

  async listClusters(): Promise<ClusterInfo[]> {
    return this.load()
      .filter((r) => !r.deletedAt)
      .map((r) => ({
        name: r.name,
        labels: r.labels,
        createdAt: new Date(r.createdAt),
        state: r.state,
      }));
  }

  async deleteCluster(name: string): Promise<void> {
    const record = this.load().find((r) => r.name === name && !r.deletedAt);
    if (!record) return; // already gone counts as success
    // A sweep deleting a live run's cluster ends the run, as on Dataproc.
    const child = this.children.get(name);
    if (child?.pid) killGroup(child.pid, 'SIGKILL');
    else if (record.pid && record.launcherPid !== process.pid && this.isOurRun(record.pid))
      killGroup(record.pid, 'SIGKILL');
    this.markDeleted(name, 'DELETED');
  }

  /** The group leader still runs our Spark code (a pid reused by something else is left alone). */
  private isOurRun(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(this.opts.codeDir);
    } catch {
      return false; // gone, or no /proc (macOS): nothing we can safely kill by number
    }
  }

  private markDeleted(name: string, state: string): void {
    const records = this.load();
    const record = records.find((r) => r.name === name && !r.deletedAt);
    if (!record) return;
    record.deletedAt = new Date().toISOString();
    record.state = state;
    this.save(records);
  }

  private setPid(name: string, pid: number): void {
    const records = this.load();
    const record = records.find((r) => r.name === name && !r.deletedAt);
    if (!record) return;
    record.pid = pid;
    record.launcherPid = process.pid;
    this.save(records);
  }

  /** Every cluster ever created, deleted ones included (for tests and the summary). */
  history(): ClusterRecord[] {
    return this.load();
  }
}
