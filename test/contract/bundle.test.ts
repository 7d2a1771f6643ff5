/**
 * The deployed form of the functions is an esbuild bundle (scripts/bundle.mjs, staged by
 * scripts/terraform-stage-functions.sh): CommonJS SDKs inlined into ESM chunks. Bundling can break
 * what plain `node` runs fine (a file read next to __dirname, a dynamic require, a second copy of
 * the Functions Framework), so this drives the bundled code itself:
 *  - the bundled composition root registers every entry point with the framework that loads it;
 *  - the bundled Storage, BigQuery, Dataproc and Secret Manager clients, with our adapters, against
 *    the same local fakes as their contract tests (test/fakes/).
 *
 *   node --import tsx --test test/contract/bundle.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ENTRY_POINTS } from '../../functions/entrypoints.js';
import { parseConfig } from '../../functions/config.js';
import { packageRoot } from '../../functions/sqlfiles.js';
import { SOURCES } from '../../functions/sources/registry.js';
import { FakeDataproc } from '../fakes/gcp-dataproc.js';
import { startFakeBigQuery, type FakeBigQuery } from '../fakes/gcp-bigquery.js';
import { startFakeGcs, type FakeGcs } from '../fakes/gcp-storage.js';
import { startFakeSecretManager, type FakeSecretManager } from '../fakes/gcp-secrets.js';
import { localGrpcOptions } from '../support/grpc.js';

const ROOT = packageRoot();
const PROJECT = 'test-project';
type Probe = typeof import('../support/bundle-probe.js');

let dir: string;
let probe: Probe;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  // The staged layout: package.json above dist/functions (the bundle finds sql/ through it).
  const { bundleFunctions } = (await import(
    pathToFileURL(join(ROOT, 'scripts', 'bundle.mjs')).href
  )) as { bundleFunctions: (out: string, extra: string[]) => Promise<string[]> };
  await bundleFunctions(join(dir, 'dist', 'functions'), [
    join(ROOT, 'test', 'support', 'bundle-probe.ts'),
  ]);
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'sql'), join(dir, 'sql'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  probe = (await import(
    pathToFileURL(join(dir, 'dist', 'functions', 'bundle-probe.js')).href
  )) as Probe;
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the bundled composition root registers every entry point with the framework that loads it', () => {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(join(dir, 'package.json'))});
    const { getFunction } = require('@google-cloud/functions-framework/testing');
    await import(${JSON.stringify(pathToFileURL(join(dir, 'dist', 'functions', 'index.js')).href)});
    console.log(JSON.stringify(${JSON.stringify(ENTRY_POINTS.map((e) => e.name))}
      .map((name) => [name, typeof getFunction(name)])));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    env: { ...process.env, GOOGLE_CLOUD_PROJECT: PROJECT },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const registered = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as [string, string][];
  assert.deepEqual(
    registered,
    ENTRY_POINTS.map((e) => [e.name, 'function']),
    'every entry point is a function of the loading framework',
  );
});

test('bundled Storage + GcsObjectStore: write, read back by generation, skip an unchanged write', async () => {
  let gcs: FakeGcs | undefined;
  try {
    gcs = await startFakeGcs();
    const buckets = { raw: 'p-raw', curated: 'p-curated', quarantine: 'p-quarantine' };
    const store = new probe.GcsObjectStore(
      buckets,
      new probe.Storage({
        apiEndpoint: gcs.url,
        projectId: PROJECT,
        retryOptions: { autoRetry: false },
      }),
    );
    const name = 'saramin/job_postings/dt=2025-08-01/slot=1000.json';
    const first = await store.write(buckets.raw, name, '{"jobs":[1]}', {
      contentType: 'application/json',
    });
    assert.equal(first.written, true, 'the first write stores the object');
    const read = await store.read({ bucket: buckets.raw, name, generation: first.generation });
    assert.equal(
      read.toString('utf8'),
      '{"jobs":[1]}',
      'the bytes read back are the bytes written',
    );
    const again = await store.write(buckets.raw, name, '{"jobs":[1]}', {
      contentType: 'application/json',
      skipIfUnchanged: true,
    });
    assert.equal(again.written, false, 'the same bytes make no new generation');
    assert.equal(gcs.versions(buckets.raw, name).length, 1, 'one version stored');
  } finally {
    await gcs?.close();
  }
});

test('bundled BigQuery + BigQueryWarehouse: a query job with its rows', async () => {
  let fake: FakeBigQuery | undefined;
  try {
    fake = await startFakeBigQuery({ projectId: PROJECT, location: 'asia-northeast3', tables: {} });
    fake.answer('from ops.pipeline_runs', {
      schema: { fields: [{ name: 'retries', type: 'INTEGER' }] },
      rows: [{ f: [{ v: '2' }] }],
    });
    const authClient = new probe.OAuth2Client();
    authClient.setCredentials({ access_token: 'test-token' });
    const warehouse = new probe.BigQueryWarehouse({
      projectId: PROJECT,
      bigquery: new probe.BigQuery({
        apiEndpoint: fake.url,
        projectId: PROJECT,
        authClient,
        autoRetry: false,
      }),
      sleep: async () => {},
      pollMs: 1,
    });
    const rows = await warehouse.query('select count(*) as retries from ops.pipeline_runs');
    assert.deepEqual(rows, [{ retries: 2 }], 'the rows of the fake query job');
  } finally {
    await fake?.close();
  }
});

test('bundled Dataproc adapter: submit over gRPC (pruned protos), list and delete over REST', async () => {
  const fake = new FakeDataproc(PROJECT, 'asia-northeast3');
  await fake.start();
  const options = localGrpcOptions(fake.port, probe.credentials);
  const config = parseConfig({ GOOGLE_CLOUD_PROJECT: PROJECT }, SOURCES).dataproc;
  // Built inside the try: a client that cannot load its pruned protos throws, and the fake stops.
  let runner: InstanceType<Probe['DataprocClusterRunner']> | undefined;
  let workflows: InstanceType<Probe['WorkflowTemplateServiceClient']> | undefined;
  try {
    workflows = new probe.WorkflowTemplateServiceClient(options);
    const requester = new probe.OAuth2Client();
    requester.setCredentials({ access_token: 'test-token' });
    // The runner imports and builds its own workflow client, as in production.
    runner = new probe.DataprocClusterRunner(
      { ...config, projectId: PROJECT },
      { grpc: options, rest: { baseUrl: fake.restUrl, requester } },
    );
    // The workflow client: the whole inline template is encoded from its pruned descriptors, and
    // the long-running operation decoded with them (WorkflowMetadata, Empty).
    const run = {
      name: 'stock-20261123-a1b2c3',
      source: 'stock',
      slotId: '2026-11-23T00:00+09:00/P1D',
      mainPythonFile: 'stock_prices.py',
      args: ['--date', '2026-11-23'],
      labels: { source: 'stock' },
    };
    const { operation } = await runner.submit(run);
    await (await workflows.checkInstantiateInlineWorkflowTemplateProgress(operation)).promise();
    assert.deepEqual(
      fake.instantiateRequests.map((r) => ({
        ttl: Number(
          r.template?.placement?.managedCluster?.config?.lifecycleConfig?.autoDeleteTtl?.seconds,
        ),
        args: r.template?.jobs?.[0]?.pysparkJob?.args,
      })),
      [{ ttl: config.autoDeleteTtlS, args: run.args }],
      'the fake received the template the adapter built',
    );
    assert.deepEqual(
      fake.clusters.map((c) => Boolean(c.deletedAt)),
      [true],
      'the workflow created its managed cluster and deleted it',
    );

    const cluster = fake.addCluster(
      'stock-20261122-bbbbbb-x1',
      { 'managed-by': 'korea-data-pipeline', source: 'stock' },
      new Date('2026-11-23T04:00:00.000Z'),
    );
    const listed = await runner.listClusters();
    assert.deepEqual(
      listed.map((c) => [c.name, c.state]),
      [[cluster.clusterName, 'RUNNING']],
      'the cluster with our label, from the JSON answer',
    );
    await runner.deleteCluster(cluster.clusterName);
    assert.equal(fake.stateOf(cluster), 'DELETING', 'the delete reached the fake');
  } finally {
    await runner?.close();
    await workflows?.close();
    await fake.stop();
  }
});

test('bundled Secret Manager client: reads a secret version', async () => {
  const version = `projects/${PROJECT}/secrets/saramin-access-key/versions/latest`;
  let server: FakeSecretManager | undefined;
  try {
    server = await startFakeSecretManager({ [version]: 'sk-test-not-a-real-key' });
    const client = new probe.SecretManagerServiceClient(
      localGrpcOptions(server.port, probe.credentials),
    );
    const secrets = new probe.SecretManagerSecrets(PROJECT, {}, () => client);
    assert.equal(await secrets.get('SARAMIN_ACCESS_KEY'), 'sk-test-not-a-real-key');
    await client.close();
  } finally {
    await server?.close();
  }
});
