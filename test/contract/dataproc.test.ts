/**
 * Contract test of the Dataproc adapter: the REAL @google-cloud/dataproc workflow client (gRPC) and
 * the REAL google-auth-library (the sweep's REST calls) against a local fake Dataproc
 * (test/fakes/gcp-dataproc.ts) that creates a managed cluster per workflow, runs the job and deletes
 * the cluster when the workflow ends, whether the job succeeded or failed.
 *
 *   node --import tsx --test test/contract/dataproc.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { WorkflowTemplateServiceClient } from '@google-cloud/dataproc';
import { gaxios, OAuth2Client } from 'google-auth-library';
import { bodyChunks } from '../../functions/adapters/body.js';
import {
  clusterNameFor,
  DataprocClusterRunner,
  type DataprocClients,
  MANAGED_BY_FILTER,
  requestIdFor,
  sanitizeLabels,
} from '../../functions/adapters/gcp/dataproc.js';
import { parseConfig, type DataprocConfig } from '../../functions/config.js';
import { ConfigError, PermanentError, TransientError } from '../../functions/core/errors.js';
import { pubsubPublishedEvent } from '../../functions/core/events.js';
import type { RunRecord } from '../../functions/core/ledger.js';
import { createLogger } from '../../functions/core/log.js';
import { withErrorPolicy } from '../../functions/core/policy.js';
import type {
  Alert,
  ObjectInfo,
  ObjectStore,
  SparkRun,
  Warehouse,
} from '../../functions/core/ports.js';
import type { StageDeps } from '../../functions/stages/deps.js';
import { makeSweepHandler } from '../../functions/stages/maintenance.js';
import { buildSparkRun } from '../../functions/stages/transform.js';
import { getSource } from '../../functions/sources/registry.js';
import { FakeDataproc, type FakeCluster } from '../fakes/gcp-dataproc.js';
import { localGrpcOptions } from '../support/grpc.js';

const config: DataprocConfig & { projectId: string } = {
  projectId: 'test-project',
  region: 'asia-northeast3',
  imageVersion: '2.2.49-debian12',
  serviceAccount: 'dataproc-runner@test-project.iam.gserviceaccount.com',
  masterMachineType: 'n2-standard-4',
  workerMachineType: 'n2-highmem-2',
  numWorkers: 2,
  bootDiskGb: 60,
  idleDeleteTtlS: 900,
  autoDeleteTtlS: 3600,
  codeUri: 'gs://test-project-code/spark/',
  stagingBucket: 'test-project-dataproc-staging',
  tempBucket: 'test-project-dataproc-temp',
};

/** What stages/transform.ts submits for a stock slot. */
function stockRun(name: string): SparkRun {
  return {
    name,
    source: 'stock',
    slotId: '2026-11-23T00:00+09:00/P1D',
    mainPythonFile: 'stock_prices.py',
    args: [
      '--raw-root',
      'gs://test-project-raw/stock/prices',
      '--date',
      '2026-11-23',
      '--lookback-days',
      '100',
      '--output',
      'gs://test-project-curated/stock/prices/dt=2026-11-23',
    ],
    labels: {
      pipeline: 'korea-data',
      source: 'stock',
      slot: '2026-11-23',
      'cost-center': 'data-platform',
    },
  };
}

const fake = new FakeDataproc(config.projectId, config.region);
let workflows: WorkflowTemplateServiceClient;
let rest: { baseUrl: string; requester: OAuth2Client };
/** What the adapter builds its own clients with: the fake's gRPC address, and the REST requester. */
let clients: DataprocClients;
let runner: DataprocClusterRunner;

before(async () => {
  await fake.start();
  const grpcOptions = localGrpcOptions(fake.port, grpc.credentials);
  workflows = new WorkflowTemplateServiceClient(grpcOptions);
  // A fixed access token: the client sends it as a bearer token and never asks for a new one.
  const requester = new OAuth2Client();
  requester.setCredentials({ access_token: 'test-token' });
  rest = { baseUrl: fake.restUrl, requester };
  clients = { grpc: grpcOptions, rest };
  runner = new DataprocClusterRunner(config, clients);
});

after(async () => {
  await runner.close();
  await workflows.close();
  await fake.stop();
});

function clustersOf(runName: string): FakeCluster[] {
  const prefix = clusterNameFor(runName);
  return fake.clusters.filter((c) => c.clusterName.startsWith(`${prefix}-`));
}

/** Polls the workflow's long-running operation with the real client until it ends. */
async function workflowResult(operation: string): Promise<'succeeded' | string> {
  const op = await workflows.checkInstantiateInlineWorkflowTemplateProgress(operation);
  try {
    await op.promise();
    return 'succeeded';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

test('submit sends one inline workflow whose managed cluster carries the pinned config, labels and TTLs', async () => {
  const run = stockRun('stock-20261123-a1b2c3');
  fake.jobMs = 300;
  const { operation } = await runner.submit(run);
  fake.jobMs = 40;
  // Handed over, not waited for: the job (300 ms here, minutes in Dataproc) is still running.
  assert.match(
    operation,
    /^projects\/test-project\/regions\/asia-northeast3\/operations\/[0-9a-f-]{36}$/,
  );
  assert.equal(
    clustersOf(run.name)[0]?.deletedAt,
    undefined,
    'submit returned while the cluster is still up',
  );

  assert.equal(fake.instantiateRequests.length, 1);
  const labels = {
    pipeline: 'korea-data',
    source: 'stock',
    slot: '2026-11-23',
    'cost-center': 'data-platform',
    run: 'stock-20261123-a1b2c3',
    'managed-by': 'korea-data-pipeline',
  };
  const disk = { bootDiskType: 'pd-balanced', bootDiskSizeGb: 60 };
  assert.deepEqual(fake.instantiateRequests[0], {
    parent: 'projects/test-project/regions/asia-northeast3',
    requestId: 'wf-stock-20261123-a1b2c3',
    template: {
      id: 'stock-20261123-a1b2c3',
      labels,
      dagTimeout: { seconds: 3600 },
      placement: {
        managedCluster: {
          clusterName: 'stock-20261123-a1b2c3',
          labels,
          config: {
            configBucket: 'test-project-dataproc-staging',
            tempBucket: 'test-project-dataproc-temp',
            gceClusterConfig: {
              serviceAccount: 'dataproc-runner@test-project.iam.gserviceaccount.com',
              serviceAccountScopes: ['https://www.googleapis.com/auth/cloud-platform'],
              internalIpOnly: true,
            },
            masterConfig: { numInstances: 1, machineTypeUri: 'n2-standard-4', diskConfig: disk },
            workerConfig: { numInstances: 2, machineTypeUri: 'n2-highmem-2', diskConfig: disk },
            softwareConfig: { imageVersion: '2.2.49-debian12' },
            lifecycleConfig: { idleDeleteTtl: { seconds: 900 }, autoDeleteTtl: { seconds: 3600 } },
          },
        },
      },
      jobs: [
        {
          stepId: 'transform',
          pysparkJob: {
            mainPythonFileUri: 'gs://test-project-code/spark/stock_prices.py',
            args: run.args,
          },
        },
      ],
    },
  });

  assert.equal(await workflowResult(operation), 'succeeded');
  const [cluster, ...more] = clustersOf(run.name);
  assert.ok(cluster);
  assert.equal(more.length, 0);
  assert.ok(cluster.deletedAt, 'managed cluster deleted after the job succeeded');
  assert.deepEqual(
    cluster.history.map((h) => h.state),
    ['CREATING', 'RUNNING', 'DELETING'],
  );
});

test('a backfill batch is ONE workflow: one managed cluster, created and deleted, whose job lists every day', async () => {
  // What stages/transform.ts submits for a batch of a month's business days.
  const days: string[] = [];
  for (let d = Date.UTC(2026, 10, 2); d < Date.UTC(2026, 11, 1); d += 86_400_000)
    if (![0, 6].includes(new Date(d).getUTCDay()))
      days.push(new Date(d).toISOString().slice(0, 10));
  const run = buildSparkRun({
    def: getSource('stock'),
    name: 'stock-20261102-20261130-0a1b2c',
    slotId: 'batch=2026-11-02_2026-11-30',
    rawRoot: 'gs://test-project-raw/stock/daily_prices',
    lookbackDays: 100,
    batch: true,
    days: days.map((date) => ({
      date,
      output: `gs://test-project-curated/stock/daily_prices/dt=${date}/slot=0000`,
    })),
  });
  const requestsBefore = fake.instantiateRequests.length;
  const { operation } = await runner.submit(run);
  assert.equal(await workflowResult(operation), 'succeeded');
  assert.equal(fake.instantiateRequests.length - requestsBefore, 1, 'one workflow for the batch');
  const request = fake.instantiateRequests.at(-1)!;
  const args = request.template!.jobs![0]!.pysparkJob!.args!;
  assert.deepEqual(
    args.flatMap((a, i) => (a === '--date' ? [args[i + 1]] : [])),
    days,
    'every day of the batch, in order',
  );
  assert.deepEqual(
    args.flatMap((a, i) => (a === '--output' ? [args[i + 1]] : [])),
    days.map((d) => `gs://test-project-curated/stock/daily_prices/dt=${d}/slot=0000`),
    "each day's own curated folder",
  );
  assert.ok(args.includes('--keep-going'), 'a failed day does not stop the others');
  assert.equal(request.template!.labels!['batch-days'], String(days.length));
  const created = clustersOf(run.name);
  assert.equal(created.length, 1, 'one cluster for the batch');
  assert.ok(created[0]!.deletedAt, 'and it is deleted when the workflow ends');
});

test('job failure: the workflow ends with an error and the managed cluster is deleted all the same', async () => {
  const run = stockRun('stock-20261124-d4e5f6');
  fake.jobOutcome = 'fail';
  try {
    const { operation } = await runner.submit(run);
    assert.match(await workflowResult(operation), /Job transform failed/);
  } finally {
    fake.jobOutcome = 'succeed';
  }
  const created = clustersOf(run.name);
  assert.equal(created.length, 1);
  assert.ok(created[0]?.deletedAt, 'managed cluster deleted after the job failed');
});

test('a redelivered event (same run name) does not start a second workflow or cluster', async () => {
  const run = stockRun('stock-20261125-0a1b2c');
  fake.jobMs = 300;
  try {
    const first = await runner.submit(run);
    const again = await runner.submit(run);
    assert.equal(
      again.operation,
      first.operation,
      'Dataproc answers the running request id with its operation',
    );
    fake.duplicateRequest = 'already-exists';
    const third = await runner.submit(run);
    assert.equal(
      third.operation,
      `already-submitted/${requestIdFor(run.name)}`,
      'ALREADY_EXISTS counts as submitted',
    );
    assert.equal(clustersOf(run.name).length, 1);
    assert.deepEqual(
      new Set(fake.instantiateRequests.slice(-3).map((r) => r.requestId)),
      new Set([requestIdFor(run.name)]),
    );
    assert.equal(await workflowResult(first.operation), 'succeeded');
  } finally {
    fake.jobMs = 40;
    fake.duplicateRequest = 'same-operation';
  }
  // Dataproc only deduplicates CONCURRENT instances of a request id: once the workflow has ended the
  // same request starts a new one (it overwrites the same output). docs/dataproc.md says so.
  const late = await runner.submit(run);
  assert.equal(await workflowResult(late.operation), 'succeeded');
  assert.equal(clustersOf(run.name).length, 2);
});

test('a transient UNAVAILABLE is retried by the client with the same request id', async () => {
  const run = stockRun('stock-20261126-112233');
  fake.failNext('InstantiateInlineWorkflowTemplate', grpc.status.UNAVAILABLE);
  const { operation } = await runner.submit(run);
  assert.equal(clustersOf(run.name).length, 1);
  assert.equal(await workflowResult(operation), 'succeeded');
});

test('errors are classified: quota -> transient, permission -> config, invalid request -> permanent', async () => {
  const run = stockRun('stock-20261127-445566');
  fake.failNext('InstantiateInlineWorkflowTemplate', grpc.status.RESOURCE_EXHAUSTED);
  await assert.rejects(
    runner.submit(run),
    (e: unknown) => e instanceof TransientError && e.code === 'DATAPROC.RESOURCE_EXHAUSTED',
  );
  fake.failNext('InstantiateInlineWorkflowTemplate', grpc.status.PERMISSION_DENIED);
  await assert.rejects(
    runner.submit(run),
    (e: unknown) => e instanceof ConfigError && e.code === 'DATAPROC.PERMISSION_DENIED',
  );
  const wrongRegion = new DataprocClusterRunner({ ...config, region: 'europe-west1' }, clients);
  await assert.rejects(
    wrongRegion.submit(run),
    (e: unknown) => e instanceof PermanentError && e.code === 'DATAPROC.INVALID_ARGUMENT',
  );
  await wrongRegion.close();
  fake.failNext('DeleteCluster', grpc.status.FAILED_PRECONDITION);
  await assert.rejects(
    runner.deleteCluster('anything'),
    (e: unknown) => e instanceof PermanentError && e.code === 'DATAPROC.FAILED_PRECONDITION',
  );
  assert.equal(clustersOf(run.name).length, 0);
});

test('deleteCluster returns once Dataproc accepted the delete; "already gone" is success', async () => {
  const left = fake.addCluster(
    'stock-20261120-aaaaaa-3k2j4h5g6f7d',
    { 'managed-by': 'korea-data-pipeline' },
    new Date(),
  );
  await runner.deleteCluster(left.clusterName);
  assert.equal(fake.stateOf(left), 'DELETING', 'the delete was accepted');
  assert.equal(
    (await runner.listClusters()).some((c) => c.name === left.clusterName),
    false,
    'a cluster being deleted is not listed again',
  );
  await fake.settle();
  assert.ok(left.deletedAt, 'Dataproc finished the delete');
  await runner.deleteCluster(left.clusterName); // already deleted: NOT_FOUND
  await runner.deleteCluster('never-existed'); // never created
  assert.equal(fake.deleteRequests.filter((r) => r.clusterName === left.clusterName).length, 2);
});

test('the REST calls: transient errors retried (a DELETE with its request id), the others classified', async () => {
  const lists = () => fake.listRequests.length;
  const before = lists();
  fake.failNext('ListClusters', grpc.status.UNAVAILABLE);
  assert.deepEqual(await runner.listClusters(), [], 'one 503, then the answer');
  assert.equal(lists() - before, 1, 'the failed attempt was retried once');

  // A Google front end's HTML error page: only its HTTP status tells what happened.
  fake.failNext('ListClusters', grpc.status.UNAVAILABLE, 4, 'html');
  await assert.rejects(
    runner.listClusters(),
    (e: unknown) => e instanceof TransientError && e.code === 'DATAPROC.UNAVAILABLE',
  );
  fake.failNext('ListClusters', grpc.status.PERMISSION_DENIED);
  await assert.rejects(
    runner.listClusters(),
    (e: unknown) => e instanceof ConfigError && e.code === 'DATAPROC.PERMISSION_DENIED',
  );
  fake.failNext('ListClusters', grpc.status.INVALID_ARGUMENT, 1, 'html');
  await assert.rejects(
    runner.listClusters(),
    (e: unknown) => e instanceof PermanentError && e.code === 'DATAPROC.INVALID_ARGUMENT',
  );
  // No bearer token at all (a plain gaxios client): a configuration problem, not a retry.
  const anonymous = new DataprocClusterRunner(config, {
    rest: { baseUrl: fake.restUrl, requester: new gaxios.Gaxios() },
  });
  await assert.rejects(
    anonymous.listClusters(),
    (e: unknown) => e instanceof ConfigError && e.code === 'DATAPROC.UNAUTHENTICATED',
  );

  const left = fake.addCluster(
    'stock-20261119-dddddd-1a',
    { 'managed-by': 'korea-data-pipeline' },
    new Date(),
  );
  const attempts = fake.deleteAttempts.length;
  fake.failNext('DeleteCluster', grpc.status.UNAVAILABLE);
  await runner.deleteCluster(left.clusterName);
  const [first, second, ...more] = fake.deleteAttempts.slice(attempts);
  assert.ok(first && first === second && more.length === 0, 'two attempts, one request id');
  await fake.settle();
  assert.ok(left.deletedAt, 'the retried delete went through');
});

test('listClusters follows the page tokens to the last page', async () => {
  const names = ['a', 'b', 'c', 'd', 'e'].map((x) => `stock-20261118-eeeeee-${x}`);
  const added = names.map((n) =>
    fake.addCluster(n, { 'managed-by': 'korea-data-pipeline' }, new Date()),
  );
  const before = fake.listRequests.length;
  fake.pageSize = 2;
  try {
    const listed = (await runner.listClusters()).map((c) => c.name);
    assert.deepEqual(listed, names, 'every cluster, in order, once');
    assert.deepEqual(
      fake.listRequests.slice(before).map((r) => r.pageToken),
      ['', '2', '4'],
      'three pages',
    );
  } finally {
    fake.pageSize = 100;
    for (const c of added) c.deletedAt = new Date();
  }
});

test('listClusters asks for our label and maps clusters to name, labels, creation time and state', async () => {
  const createdAt = new Date('2026-11-23T04:00:00.000Z');
  const ours = fake.addCluster(
    'stock-20261122-bbbbbb-x1',
    { 'managed-by': 'korea-data-pipeline', source: 'stock' },
    createdAt,
  );
  const foreign = fake.addCluster('someone-elses-cluster', { team: 'ml' }, createdAt);
  try {
    const listed = await runner.listClusters();
    assert.equal(fake.listRequests.at(-1)?.filter, MANAGED_BY_FILTER);
    assert.equal(
      listed.some((c) => c.name === foreign.clusterName),
      false,
    );
    assert.deepEqual(
      listed.find((c) => c.name === ours.clusterName),
      {
        name: ours.clusterName,
        labels: { 'managed-by': 'korea-data-pipeline', source: 'stock' },
        createdAt,
        state: 'RUNNING',
      },
    );
  } finally {
    await runner.deleteCluster(ours.clusterName);
    foreign.deletedAt = new Date();
  }
});

test('names, request ids and labels always satisfy the Dataproc rules', () => {
  assert.equal(clusterNameFor('stock-20261123-a1b2c3'), 'stock-20261123-a1b2c3');
  const long = clusterNameFor('Senior_Projects-20261123-abcdef-with-a-very-long-suffix');
  assert.match(long, /^[a-z][a-z0-9-]{0,33}[a-z0-9]$/);
  assert.equal(
    long,
    clusterNameFor('Senior_Projects-20261123-abcdef-with-a-very-long-suffix'),
    'deterministic',
  );
  assert.match(clusterNameFor('2026-stock'), /^run-2026-stock$/);
  assert.match(requestIdFor('x'.repeat(80)), /^[A-Za-z0-9_-]{1,40}$/);
  assert.deepEqual(
    sanitizeLabels({
      Source: 'Stock Prices',
      slot: '2026-11-23T00:00+09:00/P1D',
      '9lives': 'x'.repeat(70),
    }),
    {
      source: 'stock_prices',
      slot: '2026-11-23t00_00_09_00_p1d',
      l_9lives: 'x'.repeat(63),
    },
  );
});

test('numWorkers 0 asks for a single-node cluster; 1 is a configuration error', () => {
  const single = new DataprocClusterRunner({ ...config, numWorkers: 0 }, clients).buildRequest(
    stockRun('stock-20261123-a1b2c3'),
  );
  const clusterConfig = single.template?.placement?.managedCluster?.config;
  assert.equal(clusterConfig?.workerConfig, undefined);
  assert.deepEqual(clusterConfig?.softwareConfig, {
    imageVersion: config.imageVersion,
    properties: { 'dataproc:dataproc.allow.zero.workers': 'true' },
  });
  const one = new DataprocClusterRunner({ ...config, numWorkers: 1 }, clients);
  assert.throws(() => one.buildRequest(stockRun('stock-20261123-a1b2c3')), ConfigError);
});

// ---- the orphan sweep end to end -------------------------------------------------------------

function memoryStore(): ObjectStore {
  const objects = new Map<string, { body: Buffer; info: ObjectInfo }>();
  let generation = 0;
  return {
    bucket: (role) => `test-project-${role}`,
    async write(bucket, name, body, options) {
      const bytes = Buffer.concat(bodyChunks(body));
      const info: ObjectInfo = {
        bucket,
        name,
        generation: String(++generation),
        size: bytes.length,
        md5: '',
        metadata: options.metadata ?? {},
      };
      objects.set(`${bucket}/${name}`, { body: bytes, info });
      return { bucket, name, generation: info.generation, written: true };
    },
    async read(ref) {
      const found = objects.get(`${ref.bucket}/${ref.name}`);
      if (!found) throw new Error(`no object ${ref.bucket}/${ref.name}`);
      return found.body;
    },
    async stat(bucket, name) {
      return objects.get(`${bucket}/${name}`)?.info;
    },
    async list(bucket, prefix) {
      return [...objects.values()]
        .map((o) => o.info)
        .filter((i) => i.bucket === bucket && i.name.startsWith(prefix));
    },
    async copy(from, toBucket, toName) {
      const found = objects.get(`${from.bucket}/${from.name}`);
      if (!found) throw new Error(`no object ${from.bucket}/${from.name}`);
      objects.set(`${toBucket}/${toName}`, {
        body: found.body,
        info: { ...found.info, bucket: toBucket, name: toName },
      });
      return { bucket: toBucket, name: toName, generation: found.info.generation };
    },
    async remove(ref) {
      const found = objects.get(`${ref.bucket}/${ref.name}`);
      if (found?.info.generation !== ref.generation) return false;
      return objects.delete(`${ref.bucket}/${ref.name}`);
    },
    uri: (bucket, name) => `gs://${bucket}/${name}`,
  };
}

const unused = (): never => {
  throw new Error('not used by the sweep');
};

test('sweep: an orphan left by a killed launcher is deleted, a young cluster kept, one alert sent', async () => {
  const now = Date.now();
  const orphan = fake.addCluster(
    'stock-20261101-cccccc-9z8y7x6w5v4u',
    { 'managed-by': 'korea-data-pipeline', source: 'stock' },
    new Date(now - 3 * 3600_000),
  );
  const foreignOld = fake.addCluster(
    'adhoc-notebook',
    { team: 'ml' },
    new Date(now - 48 * 3600_000),
  );
  fake.jobMs = 600; // a run in progress: its cluster is young and must survive the sweep
  const young = stockRun('stock-20261128-778899');
  await runner.submit(young);
  fake.jobMs = 40;

  const ledger: RunRecord[] = [];
  const alerts: Alert[] = [];
  const logs: string[] = [];
  const warehouse: Warehouse = {
    mergeSlot: unused,
    overwritePartition: unused,
    runSqlFiles: unused,
    runModel: unused,
    tableColumns: unused,
    query: unused,
  };
  const base = parseConfig({ GOOGLE_CLOUD_PROJECT: config.projectId }, []);
  const deps: StageDeps = {
    config: { ...base, dataproc: config },
    store: memoryStore(),
    ledger: {
      record: async (row) => void ledger.push(row),
      slotStatus: async () => ({}),
      query: async () => [],
    },
    alerts: { send: async (alert) => void alerts.push(alert) },
    log: createLogger((line) => logs.push(line)),
    clock: { now: () => Date.now() },
    maxAttempts: 5,
    maxEventAgeMs: 6 * 3600_000,
    warehouse,
    publisher: { publish: unused },
    clusters: runner,
    secrets: { get: async () => undefined },
    fetch: unused as unknown as typeof fetch,
  };
  const sweep = withErrorPolicy('sweep', deps, makeSweepHandler(deps));
  const tick = (id: string) =>
    pubsubPublishedEvent({
      topic: 'maintenance',
      messageId: id,
      body: {},
      attributes: {},
      publishTime: new Date().toISOString(),
    });

  await sweep(tick('sweep-1'));

  assert.equal(fake.stateOf(orphan), 'DELETING', 'orphan being deleted');
  const [youngCluster] = clustersOf(young.name);
  assert.ok(youngCluster && !youngCluster.deletedAt, 'young cluster of a running workflow kept');
  assert.equal(
    foreignOld.deletedAt,
    undefined,
    'clusters without our label are not ours to delete',
  );
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]?.severity, 'warning');
  assert.match(alerts[0]?.text ?? '', new RegExp(orphan.clusterName));
  assert.deepEqual(
    ledger.map((r) => [r.stage, r.status, r.rows_in, r.rows_out]),
    [['sweep', 'succeeded', 2, 1]],
  );

  await sweep(tick('sweep-2')); // nothing left to do: no second alert
  assert.equal(alerts.length, 1);
  assert.deepEqual(ledger.at(-1)?.rows_out, 0);
  foreignOld.deletedAt = new Date();
  await fake.settle();
  assert.ok(orphan.deletedAt, 'the orphan is gone');
  assert.ok(
    clustersOf(young.name)[0]?.deletedAt,
    'the running workflow still tears its cluster down',
  );
});
