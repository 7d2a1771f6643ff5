/**
 * Every `resource` and `data` block under terraform/ checked, offline, against the Google
 * provider's schema as generated into @cdktf/provider-google (see provider-schema.ts): the type
 * exists and every argument and nested block name exists for it, recursively, including the
 * `content` of `dynamic` blocks. A stand-in for `terraform validate`, which needs the provider.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allBlocks, loadTree, type Block, type Body, type TfTree } from './terraform-model.js';
import {
  ProviderSchema,
  blockAddress,
  checkBlock,
  formatFinding,
  loadTypeSchema,
  providerVersions,
  skipReason,
  type SchemaBlock,
} from './provider-schema.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TF_ROOT = process.env.TF_MODEL_ROOT ?? path.join(ROOT, 'terraform');
const tree: TfTree = await loadTree(TF_ROOT);
const schema = new ProviderSchema();

const checked = (b: Block): boolean =>
  (b.kind === 'resource' || b.kind === 'data') && skipReason(b) === undefined;

/** The schema node at a path of nested block names. */
function at(node: SchemaBlock | undefined, ...names: string[]): SchemaBlock {
  let cur = node;
  for (const n of names) cur = cur?.blocks.get(n);
  assert.ok(cur, `no block ${names.join('.')}`);
  return cur;
}

test('the schema comes from the Google provider 6.50.0 and reads nested blocks', () => {
  assert.deepEqual(providerVersions(), { package: '16.12.1', provider: '6.50.0' });

  const fn = loadTypeSchema('resource', 'google_cloudfunctions2_function');
  assert.ok(fn);
  assert.ok(at(fn, 'build_config', 'source', 'storage_source').attributes.has('bucket'));
  assert.ok(at(fn, 'event_trigger').attributes.has('retry_policy'));
  assert.ok(at(fn, 'event_trigger', 'event_filters').attributes.has('attribute'));
  assert.ok(at(fn, 'service_config', 'secret_environment_variables').attributes.has('key'));
  assert.ok(!fn.attributes.has('url'), 'computed-only attributes cannot be configured');

  const bucket = loadTypeSchema('resource', 'google_storage_bucket');
  assert.ok(bucket?.attributes.has('uniform_bucket_level_access'));
  assert.ok(at(bucket, 'lifecycle_rule', 'condition').attributes.has('age'));

  assert.ok(loadTypeSchema('data', 'google_project')?.attributes.has('project_id'));
  assert.equal(loadTypeSchema('resource', 'google_project')?.kind, 'resource');
  assert.equal(loadTypeSchema('resource', 'google_storage_buckett'), undefined);
  assert.equal(loadTypeSchema('data', 'google_storage_bucket_iam_member'), undefined);
});

test('non-google blocks are listed and left out of the check', (t) => {
  const skipped = allBlocks(tree)
    .filter((b) => (b.kind === 'resource' || b.kind === 'data') && !checked(b))
    .map((b) => `${b.module}: ${blockAddress(b)} (${skipReason(b)})`);
  t.diagnostic(`not checked: ${skipped.length === 0 ? 'none' : skipped.join('; ')}`);
  for (const s of skipped) assert.doesNotMatch(s, /google-beta/, 'google-beta is not used here');
  assert.ok(allBlocks(tree).filter(checked).length >= 10, 'the check has something to check');
});

for (const [module, mod] of tree) {
  const blocks = mod.blocks.filter(checked);
  test(`${module}: every resource/data argument and block exists in the provider schema`, (t) => {
    const findings = blocks.flatMap((b) => checkBlock(b, schema));
    t.diagnostic(`${blocks.length} google blocks checked`);
    assert.deepEqual(findings.map(formatFinding), []);
  });
}

// ---- the check can fail -------------------------------------------------------------------

const copyOf = (type: string, kind: Block['kind'] = 'resource', module?: string): Block => {
  const found = allBlocks(tree).find(
    (b) => b.kind === kind && b.type === type && (module === undefined || b.module === module),
  );
  assert.ok(found, `the Terraform has a ${kind} ${type}${module ? ` in ${module}` : ''}`);
  return structuredClone(found);
};
const first = (v: unknown): Body => {
  const b = (Array.isArray(v) ? v[0] : v) as Body | undefined;
  assert.ok(b && typeof b === 'object');
  return b;
};
const paths = (b: Block): string[] => checkBlock(b, schema).map((f) => f.path);

test('a typo in a top-level argument is reported, with a suggestion', () => {
  const bucket = copyOf('google_storage_bucket', 'resource', 'modules/storage');
  bucket.body.uniform_bucket_level_acess = true;
  const findings = checkBlock(bucket, schema);
  assert.deepEqual(
    findings.map((f) => [f.path, f.problem, f.suggestion]),
    [['uniform_bucket_level_acess', 'unknown name', 'uniform_bucket_level_access']],
  );
  assert.equal(
    formatFinding(findings[0]!),
    `modules/storage: google_storage_bucket.main: uniform_bucket_level_acess ` +
      `(unknown name, did you mean "uniform_bucket_level_access"?)`,
  );
});

test('typos deep in nested blocks are reported with their path', () => {
  const fn = copyOf('google_cloudfunctions2_function');
  const storage = first(first(first(fn.body.build_config).source).storage_source);
  storage.bukcet = storage.bucket ?? 'b';
  first(fn.body.event_trigger).retry_polcy = 'RETRY_POLICY_RETRY';
  first(fn.body.service_config).min_instances = 0;
  assert.deepEqual(paths(fn).sort(), [
    'build_config.source.storage_source.bukcet',
    'event_trigger.retry_polcy',
    'service_config.min_instances',
  ]);
});

test('dynamic blocks: the block name, its arguments and its content are checked', () => {
  const bucket = copyOf('google_storage_bucket', 'resource', 'modules/storage');
  const dynamic = bucket.body.dynamic as Body;
  const rule = first(dynamic.lifecycle_rule);
  first(first(rule.content).condition).agee = 30;
  rule.for_eahc = [];
  dynamic.lifecycle_rules = [{ for_each: [], content: [{}] }];
  assert.deepEqual(paths(bucket).sort(), [
    'lifecycle_rule.condition.agee',
    'lifecycle_rule.for_eahc',
    'lifecycle_rules',
  ]);

  const secret = copyOf('google_secret_manager_secret');
  const managed = first((first(secret.body.replication).dynamic as Body).user_managed);
  const replicas = first((first(managed.content).dynamic as Body).replicas);
  first(replicas.content).locaton = 'x';
  assert.deepEqual(paths(secret), ['replication.user_managed.replicas.locaton']);
});

test('meta-arguments pass, but only at the top and only with lifecycle arguments', () => {
  const topic = copyOf('google_pubsub_topic');
  Object.assign(topic.body, {
    count: 1,
    depends_on: ['${google_project_service.x}'],
    provider: '${google.other}',
    lifecycle: [{ prevent_destroy: true, ignore_changes: ['${labels}'], prevent_destory: true }],
  });
  assert.deepEqual(paths(topic), ['lifecycle.prevent_destory']);

  const bucket = copyOf('google_storage_bucket', 'resource', 'modules/storage');
  first(bucket.body.versioning).count = 1;
  assert.deepEqual(paths(bucket), ['versioning.count']);

  const project = copyOf('google_project', 'data');
  project.body.for_each = '${toset([])}';
  project.body.projct_id = 'p';
  assert.deepEqual(paths(project), ['projct_id']);
});

test('an unknown type is reported; non-google and google-beta blocks are skipped', () => {
  const typo = {
    ...copyOf('google_storage_bucket', 'resource', 'modules/storage'),
    type: 'google_storage_buckett',
  };
  assert.deepEqual(
    checkBlock(typo, schema).map((f) => f.problem),
    ['unknown type'],
  );
  const archive = copyOf('archive_file', 'data');
  assert.equal(skipReason(archive), 'not a google provider type');
  assert.deepEqual(checkBlock(archive, schema), []);
  const beta = copyOf('google_storage_bucket', 'resource', 'modules/storage');
  beta.body.provider = '${google-beta}';
  beta.body.not_an_argument = 1;
  assert.match(skipReason(beta) ?? '', /google-beta/);
});
