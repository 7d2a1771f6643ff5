/**
 * Local stand-in for Dataproc: `spark-submit --master local[*]` of the same PySpark file. It keeps a
 * cluster registry on disk (create on submit, delete when the run ends, whatever happened), so
 * teardown and the orphan sweep behave — and are tested — like the real adapter.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, PermanentError } from '../../core/errors.js';
import type { ClusterInfo, ClusterRunner, SparkRun } from '../../core/ports.js';

interface ClusterRecord {
  name: string;
  labels: Record<string, string>;
  createdAt: string;
  deletedAt?: string;
  state: string;
}

export interface LocalSparkOptions {
  /** JSON file holding the cluster registry. */
  registryFile: string;
  /** Folder holding the PySpark files (functions/spark). */
  codeDir: string;
  sparkSubmit: string;
  /** Called after a successful run, e.g. to emit finalize events for the files Spark wrote. */
  afterSuccess?: (run: SparkRun) => Promise<void>;
  log?: (line: string) => void;
}

export class LocalSparkRunner implements ClusterRunner {
  constructor(private readonly opts: LocalSparkOptions) {}

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
    this.create(run.name, run.labels);
    this.opts.log?.(`[dataproc-local] cluster ${run.name} created; running ${run.mainPythonFile}`);
    try {
      const code = await this.spawnJob(run);
      if (code !== 0)
        throw new PermanentError(
          'SPARK.JOB_FAILED',
          `spark job ${run.name} exited with code ${code}`,
        );
    } finally {
      await this.deleteCluster(run.name);
      this.opts.log?.(`[dataproc-local] cluster ${run.name} deleted`);
    }
    await this.opts.afterSuccess?.(run);
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
          env: {
            ...process.env,
            PYSPARK_PYTHON:
              process.env.PYSPARK_PYTHON ?? join(dirname(this.opts.sparkSubmit), 'python'),
          },
        },
      );
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => this.opts.log?.(`[spark] ${d.toString().trim()}`));
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      child.on('error', reject);
      child.on('close', (code) => {
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
    const records = this.load();
    const record = records.find((r) => r.name === name && !r.deletedAt);
    if (!record) return; // already gone counts as success
    record.deletedAt = new Date().toISOString();
    record.state = 'DELETED';
    this.save(records);
  }

  /** Every cluster ever created, deleted ones included (for tests and the summary). */
  history(): ClusterRecord[] {
    return this.load();
  }
}
