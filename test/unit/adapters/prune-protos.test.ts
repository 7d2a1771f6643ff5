/**
 * scripts/prune-protos.mjs: the deployed bundle gives each Dataproc client the descriptors of its own
 * service only. What it keeps must be enough for the client (test/contract/bundle.test.ts drives the
 * pruned clients against the fake); here, what it keeps and drops, and that it refuses to guess.
 *
 *   node --import tsx --test test/unit/adapters/prune-protos.test.ts
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { packageRoot } from '../../../functions/sqlfiles.js';

type ProtoJson = protobuf.INamespace;
const { pruneProtos } = (await import(
  pathToFileURL(join(packageRoot(), 'scripts', 'prune-protos.mjs')).href
)) as { pruneProtos: (json: ProtoJson, services: string[]) => ProtoJson };
const full = createRequire(import.meta.url)(
  '@google-cloud/dataproc/build/protos/protos.json',
) as ProtoJson;

const has = (json: ProtoJson, name: string) => protobuf.Root.fromJSON(json).lookup(name) !== null;

test('a client keeps its service, what its methods reach and its long-running types; other services go', () => {
  const pruned = pruneProtos(full, ['google.cloud.dataproc.v1.ClusterController']);
  for (const name of [
    'google.cloud.dataproc.v1.ClusterController',
    'google.cloud.dataproc.v1.ListClustersResponse',
    'google.cloud.dataproc.v1.Cluster',
    'google.cloud.dataproc.v1.ClusterStatus.State', // a nested enum, reached through a field
    'google.cloud.dataproc.v1.ClusterOperationMetadata', // only named by operation_info
    'google.longrunning.Operation',
    'google.protobuf.Empty', // DeleteCluster's operation_info response type
    'google.protobuf.Timestamp',
  ])
    assert.ok(has(pruned, name), `${name} kept`);
  for (const name of [
    'google.cloud.dataproc.v1.BatchController',
    'google.cloud.dataproc.v1.Batch',
    'google.cloud.dataproc.v1.WorkflowTemplateService',
    'google.cloud.dataproc.v1.SessionController',
  ])
    assert.ok(!has(pruned, name), `${name} dropped`);
  assert.ok(
    JSON.stringify(pruned).length < JSON.stringify(full).length / 2,
    'less than half of the descriptors remain',
  );
  assert.doesNotThrow(
    () => protobuf.Root.fromJSON(pruned).resolveAll(),
    'every kept type resolves',
  );
});

test('the workflow client keeps the cluster and job types its inline template holds', () => {
  const pruned = pruneProtos(full, ['google.cloud.dataproc.v1.WorkflowTemplateService']);
  for (const name of [
    'google.cloud.dataproc.v1.WorkflowTemplate',
    'google.cloud.dataproc.v1.WorkflowMetadata',
    'google.cloud.dataproc.v1.ClusterConfig',
    'google.cloud.dataproc.v1.LifecycleConfig',
    'google.cloud.dataproc.v1.PySparkJob',
  ])
    assert.ok(has(pruned, name), `${name} kept`);
  assert.ok(!has(pruned, 'google.cloud.dataproc.v1.ClusterController'), 'the other service goes');
});

test('an unknown service fails the build instead of shipping an empty client', () => {
  assert.throws(
    () => pruneProtos(full, ['google.cloud.dataproc.v1.NoSuchService']),
    /no service google\.cloud\.dataproc\.v1\.NoSuchService/,
  );
});
