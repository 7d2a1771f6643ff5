/**
 * Wiring between the code and the infrastructure, checked offline on the parsed Terraform:
 * every entry point is deployed with the right trigger, every topic has a publisher and a
 * subscriber, secrets reach only the functions that read them, no primitive roles, no public bucket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTRY_POINTS } from '../../functions/entrypoints.js';
import {
  allBlocks,
  blocksOf,
  expression,
  literal,
  moduleCalls,
  nested,
  refersTo,
  resources,
  strings,
  type Body,
  type Json,
  type TfTree,
  loadTree,
} from './terraform-model.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TF_ROOT = process.env.TF_MODEL_ROOT ?? path.join(ROOT, 'terraform');
const tree: TfTree = await loadTree(TF_ROOT);

const PLATFORM = 'modules/platform';
const SOURCE = 'modules/pipeline_source';
const FUNCTION = 'modules/event_function';
const ENV = 'environments/dev';

/** A deployment of modules/event_function, with where it sits and what it is given. */
interface Deployment {
  call: string;
  module: string;
  entryPoint: string;
  perSource: boolean;
  body: Body;
}

function deployments(): Deployment[] {
  const sourceInstantiated = moduleCalls(tree, SOURCE).some(
    (c) => c.module === PLATFORM && expression(c.body.for_each) === 'var.sources',
  );
  return moduleCalls(tree, FUNCTION).map((c) => ({
    call: `${c.module}:module.${c.name}`,
    module: c.module,
    entryPoint: literal(c.body.entry_point) ?? '?',
    perSource: c.module === SOURCE && sourceInstantiated,
    body: c.body,
  }));
}

function topicOf(d: Deployment) {
  const trigger = d.body.trigger as Body | undefined;
  return resources(tree, 'google_pubsub_topic', d.module).find((t) =>
    refersTo(trigger?.pubsub_topic, `google_pubsub_topic.${t.name}`),
  );
}

/** Role (raw, curated, ...) of the bucket a storage trigger watches, if it is one of the storage module's buckets. */
function storageRoleOf(d: Deployment): string | undefined {
  const trigger = d.body.trigger as Body | undefined;
  const m = /module\.(\w+)\.names\["(\w+)"\]/.exec(String(trigger?.storage_bucket ?? ''));
  if (!m) return undefined;
  const storageCall = moduleCalls(tree, 'modules/storage').find(
    (c) => c.module === d.module && c.name === m[1],
  );
  const buckets = (storageCall?.body.buckets ?? {}) as Body;
  return m[2] && m[2] in buckets ? m[2] : undefined;
}

/** The env default of var.sources: what gets deployed unless tfvars says otherwise. */
function defaultSources(): Record<string, Body> {
  const v = blocksOf(tree, 'variable', ENV).find((b) => b.name === 'sources');
  assert.ok(v, `${ENV} declares variable "sources"`);
  return (v.body.default ?? {}) as Record<string, Body>;
}

test('every entry point in functions/entrypoints.ts is deployed as a gen2 function with its trigger', () => {
  const deployed = deployments();
  for (const ep of ENTRY_POINTS) {
    const mine = deployed.filter((d) => d.entryPoint === ep.name);
    assert.ok(
      mine.length > 0,
      `entry point ${ep.name} has no function in terraform/ (no module "${FUNCTION}" call with entry_point = "${ep.name}")`,
    );
    for (const d of mine) {
      if (ep.trigger.kind === 'storage') {
        assert.equal(
          storageRoleOf(d),
          ep.trigger.bucket,
          `${d.call} (${ep.name}) must be triggered by the ${ep.trigger.bucket} bucket`,
        );
        continue;
      }
      const topic = topicOf(d);
      assert.ok(topic, `${d.call} (${ep.name}) must be triggered by a Pub/Sub topic of its module`);
      if (ep.trigger.topic === 'per-source') {
        assert.ok(
          d.perSource,
          `${d.call} (${ep.name}) must be deployed once per source (module "${SOURCE}" with for_each = var.sources)`,
        );
        assert.equal(
          topic.body.name,
          '${var.topic_prefix}${var.source_name}',
          `${ep.name} topic is <prefix><source>, as TOPIC_PREFIX in the code`,
        );
      } else {
        assert.equal(
          literal(topic.body.name),
          ep.trigger.topic,
          `${d.call} (${ep.name}) must listen to topic "${ep.trigger.topic}"`,
        );
      }
    }
  }
  for (const d of deployed) {
    assert.ok(
      ENTRY_POINTS.some((ep) => ep.name === d.entryPoint),
      `${d.call} deploys entry point "${d.entryPoint}" that functions/entrypoints.ts does not register`,
    );
  }
});

test('extract functions get SOURCE=<name>; the generic function module retries and runs as its own account', () => {
  const extract = moduleCalls(tree, FUNCTION).find((c) => c.module === SOURCE);
  assert.ok(extract, 'pipeline_source deploys the extract function');
  assert.ok(
    strings(extract.body.environment).some((s) => /SOURCE\s*=\s*var\.source_name/.test(s)),
    'extract gets SOURCE = var.source_name',
  );

  const fn = resources(tree, 'google_cloudfunctions2_function');
  assert.deepEqual(
    fn.map((f) => f.module),
    [FUNCTION],
    'exactly one google_cloudfunctions2_function, in the event_function module (every function goes through it)',
  );
  const body = fn[0]!.body;
  assert.equal(
    literal(nested(body, 'build_config').runtime),
    undefined,
    'runtime comes from a validated variable',
  );
  const trigger = nested(body, 'event_trigger');
  assert.equal(trigger.retry_policy, 'RETRY_POLICY_RETRY');
  assert.ok(refersTo(trigger.pubsub_topic, 'var.trigger.pubsub_topic'));
  assert.match(String(trigger.event_type), /google\.cloud\.pubsub\.topic\.v1\.messagePublished/);
  assert.match(String(trigger.event_type), /google\.cloud\.storage\.object\.v1\.finalized/);
  assert.ok(
    refersTo(trigger.service_account_email, 'google_service_account.main'),
    'trigger identity = the function account',
  );
  const service = nested(body, 'service_config');
  assert.ok(
    refersTo(service.service_account_email, 'google_service_account.main'),
    'runs as its own service account',
  );
  const runtimeVar = blocksOf(tree, 'variable', FUNCTION).find((v) => v.name === 'runtime');
  assert.equal(runtimeVar?.body.default, 'nodejs22', 'nodejs20 was decommissioned on 2026-10-30');

  const ids = moduleCalls(tree, FUNCTION).map((c) => String(c.body.service_account_id));
  assert.equal(
    new Set(ids).size,
    ids.length,
    `one service account per function: ${ids.join(', ')}`,
  );
  for (const id of ids.filter((i) => !i.includes('${')))
    assert.match(id, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, `account id ${id}`);
});

test('the function source is the build output zipped and named by its content hash', () => {
  const object = resources(tree, 'google_storage_bucket_object', PLATFORM).find(
    (o) => o.name === 'functions',
  );
  assert.ok(object, 'google_storage_bucket_object.functions uploads the zip');
  assert.ok(
    refersTo(object.body.name, 'local.function_hash'),
    'object name contains the content hash',
  );
  assert.ok(refersTo(object.body.source, 'data.archive_file.functions.output_path'));
  const hash = tree.get(PLATFORM)!.locals.function_hash;
  assert.match(String(hash), /filesha256/, 'the hash covers the content of every staged file');
  const archive = allBlocks(tree).find(
    (b) => b.kind === 'data' && b.type === 'archive_file' && b.name === 'functions',
  );
  assert.ok(refersTo(archive?.body.source_dir, 'var.function_source_dir'));
});

test('every topic has a publisher and a subscriber', () => {
  const topics = resources(tree, 'google_pubsub_topic');
  assert.ok(topics.length >= 3, 'extract, dead-letter and maintenance topics exist');
  for (const topic of topics) {
    const address = `google_pubsub_topic.${topic.name}`;
    const schedulers = resources(tree, 'google_cloud_scheduler_job', topic.module).filter((j) =>
      refersTo(nested(j.body, 'pubsub_target').topic_name, address),
    );
    const publisherGrants = resources(
      tree,
      /^google_pubsub_topic_iam_(member|binding)$/,
      topic.module,
    ).filter((g) => refersTo(g.body.topic, address) && g.body.role === 'roles/pubsub.publisher');
    assert.ok(
      schedulers.length + publisherGrants.length > 0,
      `${topic.module}:${address} has no publisher (scheduler job or publisher grant)`,
    );
    const subscribers = moduleCalls(tree, FUNCTION).filter(
      (c) => c.module === topic.module && refersTo((c.body.trigger as Body)?.pubsub_topic, address),
    );
    assert.ok(subscribers.length > 0, `${topic.module}:${address} has no subscribing function`);
  }
});

test('scheduler jobs run in Asia/Seoul and publish an empty JSON body; sources carry source=<name>', () => {
  const jobs = resources(tree, 'google_cloud_scheduler_job');
  assert.ok(jobs.length >= 2);
  for (const job of jobs) {
    assert.equal(job.body.time_zone, 'Asia/Seoul', `${job.module}:${job.name} time_zone`);
    assert.equal(
      nested(job.body, 'pubsub_target').data,
      '${base64encode("{}")}',
      `${job.module}:${job.name} sends {}`,
    );
  }
  const extractJob = jobs.find((j) => j.module === SOURCE);
  assert.deepEqual(nested(extractJob!.body, 'pubsub_target').attributes, {
    source: '${var.source_name}',
  });
});

test('sources in Terraform match functions/sources/registry.ts (cron and API-key env var)', async () => {
  const { SOURCES } = await import('../../functions/sources/registry.js');
  const tf = defaultSources();
  assert.deepEqual(
    Object.keys(tf).sort(),
    SOURCES.map((s) => s.source).sort(),
    'one var.sources entry per registered source',
  );
  for (const s of SOURCES) {
    const entry = tf[s.source]!;
    assert.equal(
      entry.schedule,
      s.schedule.cron,
      `${s.source}: Terraform schedule vs registry cron`,
    );
    assert.equal(entry.secret_env ?? undefined, s.secretEnv, `${s.source}: secret env var`);
  }
});

/** Env var name -> secret id each deployment is given, evaluated for the default sources. */
function effectiveSecrets(): Map<string, Map<string, string>> {
  const platform = tree.get(PLATFORM)!;
  const slackEnv = platform.locals.slack_env as Body;
  assert.ok(
    refersTo(slackEnv.SLACK_WEBHOOK_URL, 'module.secrets.ids[local.slack_secret]'),
    'the Slack secret comes from the secrets module',
  );
  const slackSecret = literal(platform.locals.slack_secret)!;
  const sourceCall = moduleCalls(tree, SOURCE).find((c) => c.module === PLATFORM)!;
  assert.ok(
    refersTo(sourceCall.body.secret_env, 'local.slack_env'),
    'extract functions get the Slack secret',
  );
  assert.ok(
    refersTo(sourceCall.body.secret_env, 'module.secrets.ids[local.source_secrets[each.key]]'),
    'and their own API key, from the secrets module',
  );
  assert.ok(refersTo(platform.locals.source_secrets, 'var.sources'));
  const inner = moduleCalls(tree, FUNCTION).find((c) => c.module === SOURCE)!;
  assert.equal(
    expression(inner.body.secret_env),
    'var.secret_env',
    'pipeline_source passes exactly its secret_env to its function',
  );

  const out = new Map<string, Map<string, string>>();
  for (const c of moduleCalls(tree, FUNCTION).filter((f) => f.module === PLATFORM)) {
    assert.equal(
      expression(c.body.secret_env),
      'local.slack_env',
      `${c.name}: secret_env is the Slack secret only`,
    );
    out.set(String(c.body.entry_point), new Map([['SLACK_WEBHOOK_URL', slackSecret]]));
  }
  for (const [name, s] of Object.entries(defaultSources())) {
    const env = new Map([['SLACK_WEBHOOK_URL', slackSecret]]);
    if (typeof s.secret_env === 'string')
      env.set(s.secret_env, s.secret_env.toLowerCase().replace(/_/g, '-'));
    out.set(`extract:${name}`, env);
  }
  return out;
}

test('every secret a function reads exists, and only the functions that read it can access it', () => {
  const platform = tree.get(PLATFORM)!;
  const secretsCall = moduleCalls(tree, 'modules/secrets').find((c) => c.module === PLATFORM);
  assert.equal(expression(secretsCall?.body.secret_ids), 'local.secret_ids');
  assert.ok(
    refersTo(platform.locals.secret_ids, 'local.slack_secret') &&
      refersTo(platform.locals.secret_ids, 'local.source_secrets'),
  );
  const secret = resources(tree, 'google_secret_manager_secret');
  assert.equal(secret.length, 1);
  assert.equal(
    expression(secret[0]!.body.for_each),
    'var.secret_ids',
    'one secret per id, no values (no secret_version resources)',
  );
  assert.equal(
    resources(tree, 'google_secret_manager_secret_version').length,
    0,
    'secret values never live in Terraform',
  );

  // Access: granted per function, on the secret, to that function's own account, for exactly the
  // secrets its environment references: nowhere else.
  const grants = resources(tree, /^google_secret_manager_secret_iam_/);
  assert.deepEqual(
    grants.map((g) => `${g.module}:${g.type}`),
    [`${FUNCTION}:google_secret_manager_secret_iam_member`],
    'secret access is granted only inside the event_function module',
  );
  const grant = grants[0]!;
  assert.equal(expression(grant.body.for_each), 'var.secret_env');
  assert.equal(grant.body.role, 'roles/secretmanager.secretAccessor');
  assert.ok(
    refersTo(grant.body.member, 'google_service_account.main'),
    'granted to the function account only',
  );
  const fn = resources(tree, 'google_cloudfunctions2_function', FUNCTION)[0]!;
  const dyn = (
    (nested(fn.body, 'service_config').dynamic as Body).secret_environment_variables as Body[]
  )[0]!;
  assert.equal(
    expression(dyn.for_each),
    'var.secret_env',
    'the env vars the function reads and the grants come from one map',
  );
  for (const b of allBlocks(tree).filter((x) => x.kind === 'resource' && /_iam_/.test(x.type))) {
    assert.ok(
      !/secretmanager/.test(String(b.body.role)) || b === grant,
      `${b.module}:${b.type}.${b.name} grants Secret Manager access outside the per-function grant`,
    );
  }

  const access = effectiveSecrets();
  const readers = new Map<string, string[]>();
  for (const [fnName, env] of access)
    for (const id of env.values()) readers.set(id, [...(readers.get(id) ?? []), fnName]);
  assert.deepEqual(
    (readers.get('slack-webhook-url') ?? []).length,
    access.size,
    'every function can alert to Slack',
  );
  for (const [name, s] of Object.entries(defaultSources())) {
    if (typeof s.secret_env !== 'string') continue;
    const id = s.secret_env.toLowerCase().replace(/_/g, '-');
    assert.deepEqual(
      readers.get(id),
      [`extract:${name}`],
      `secret ${id} is readable by extract:${name} only`,
    );
  }
});

const PRIMITIVE = /^roles\/(owner|editor|viewer)$/;

test('no primitive roles and no authoritative project IAM anywhere', () => {
  const offenders: string[] = [];
  for (const b of allBlocks(tree).filter((x) => x.kind !== 'variable')) {
    for (const s of strings(b.body as Json))
      if (PRIMITIVE.test(s.trim()) || /["\s]roles\/(owner|editor|viewer)["\s]/.test(` ${s} `))
        offenders.push(`${b.module}:${b.type}.${b.name}: ${s}`);
  }
  for (const m of tree.values()) {
    for (const s of strings(m.locals))
      if (/roles\/(owner|editor|viewer)\b/.test(s)) offenders.push(`${m.dir} locals: ${s}`);
  }
  assert.deepEqual(offenders, [], 'primitive roles found');
  const authoritative = resources(
    tree,
    /^google_(project|organization|folder)_iam_(binding|policy)$/,
  );
  assert.deepEqual(
    authoritative.map((r) => `${r.module}:${r.type}.${r.name}`),
    [],
    'authoritative project IAM would remove grants made outside Terraform',
  );
});

test('no public bucket: uniform access, public access prevention enforced, no allUsers grants', () => {
  const buckets = resources(tree, 'google_storage_bucket');
  assert.ok(buckets.length >= 3);
  for (const b of buckets) {
    assert.equal(
      b.body.public_access_prevention,
      'enforced',
      `${b.module}:${b.name} public_access_prevention`,
    );
    assert.equal(
      b.body.uniform_bucket_level_access,
      true,
      `${b.module}:${b.name} uniform_bucket_level_access`,
    );
  }
  const publicMembers = allBlocks(tree).flatMap((b) =>
    strings(b.body as Json)
      .filter((s) => /allUsers|allAuthenticatedUsers/.test(s))
      .map((s) => `${b.module}:${b.name}: ${s}`),
  );
  assert.deepEqual(publicMembers, []);
  const storage = moduleCalls(tree, 'modules/storage').find((c) => c.module === PLATFORM)!;
  assert.deepEqual(Object.keys(storage.body.buckets as Body).sort(), [
    'code',
    'curated',
    'quarantine',
    'raw',
  ]);
  const rules = strings(
    resources(tree, 'google_storage_bucket', 'modules/storage')[0]!.body.dynamic as Json,
  ).join(' ');
  assert.match(rules, /SetStorageClass/, 'raw moves to a colder class');
  assert.match(rules, /Delete/, 'quarantine expires');
});

test('every variable has a description and a type', () => {
  const missing = blocksOf(tree, 'variable')
    .filter(
      (v) =>
        typeof v.body.description !== 'string' || !v.body.description || v.body.type === undefined,
    )
    .map((v) => `${v.module}: variable "${v.name}"`);
  assert.deepEqual(missing, []);
});
