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

/** One function: an entry of the platform's function map, deployed by module "function". */
interface Deployment {
  call: string;
  module: string;
  entryPoint: string;
  perSource: boolean;
  body: Body;
}

/**
 * The extract entry is a `for` expression over var.sources (a string in the parsed HCL): its
 * attributes read back one per line, as `terraform fmt` lays them out.
 */
function forObjectBody(expr: string): Body {
  const body: Body = {};
  for (const m of expr.matchAll(/^ {6}(\w+)\s*=\s*([\s\S]*?)\s*(?=^ {6}\w+\s*=|^ {4}\})/gm)) {
    const value = m[2]!.trim();
    const quoted = /^"(.*)"$/.exec(value);
    body[m[1]!] = quoted ? quoted[1]! : `\${${value}}`;
  }
  const topic = /pubsub_topic\s*=\s*([^,}\s]+)/.exec(String(body.trigger ?? ''));
  body.trigger = { pubsub_topic: topic ? `\${${topic[1]}}` : null, storage_bucket: null };
  return body;
}

function deployments(): Deployment[] {
  const calls = moduleCalls(tree, FUNCTION);
  assert.deepEqual(
    calls.map((c) => `${c.module}:module.${c.name}`),
    [`${PLATFORM}:module.function`],
    'every function is an instance of one module "function" (for_each over the function map)',
  );
  assert.equal(expression(calls[0]!.body.for_each), 'local.functions');
  const locals = tree.get(PLATFORM)!.locals;
  assert.equal(
    expression(locals.functions),
    'merge(local.extract_functions, local.shared_functions)',
  );
  const extract = String(locals.extract_functions);
  assert.match(extract, /^\$\{\{\s*for name, s in var\.sources : "extract:\$\{name\}" =>/);
  const out: Deployment[] = [
    {
      call: `${PLATFORM}:module.function["extract:<source>"]`,
      module: PLATFORM,
      entryPoint: literal(forObjectBody(extract).entry_point) ?? '?',
      perSource: true,
      body: forObjectBody(extract),
    },
  ];
  for (const [key, body] of Object.entries(locals.shared_functions as Record<string, Body>))
    out.push({
      call: `${PLATFORM}:module.function["${key}"]`,
      module: PLATFORM,
      entryPoint: literal(body.entry_point) ?? '?',
      perSource: false,
      body,
    });
  return out;
}

function topicOf(d: Deployment) {
  const trigger = d.body.trigger as Body | undefined;
  if (d.perSource) {
    // module.source[name].topic_id: the topic of the source's own pipeline_source instance.
    if (!refersTo(trigger?.pubsub_topic, 'module.source[name].topic_id')) return undefined;
    const output = blocksOf(tree, 'output', SOURCE).find((o) => o.name === 'topic_id');
    return resources(tree, 'google_pubsub_topic', SOURCE).find((t) =>
      refersTo(output?.body.value, `google_pubsub_topic.${t.name}`),
    );
  }
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
  const extract = deployments().find((d) => d.perSource);
  assert.ok(extract, 'the function map has an extract entry per source');
  assert.ok(
    strings(extract.body.environment).some((s) => /SOURCE\s*=\s*name/.test(s)),
    'extract gets SOURCE = <source name>',
  );
  const sourceCall = moduleCalls(tree, SOURCE).find((c) => c.module === PLATFORM);
  assert.equal(
    expression(sourceCall?.body.for_each),
    'var.sources',
    'a topic + schedule per source',
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

  const ids = deployments().map((d) => String(d.body.service_account_id));
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
    const subscribers = deployments().filter((d) => topicOf(d) === topic);
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
    // An on-demand (keyed) source has no cron and no `schedule`: no scheduler job, backfills only.
    assert.equal(
      entry.schedule ?? undefined,
      s.schedule.cron,
      `${s.source}: Terraform schedule vs registry cron`,
    );
    // An optional key (trends: keyless unless TRENDS_API_KEY is set) may be left out.
    if (!(s.secretOptional && entry.secret_env === undefined))
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
  const extract = deployments().find((d) => d.perSource)!;
  assert.ok(
    refersTo(extract.body.secret_env, 'local.slack_env'),
    'extract functions get the Slack secret',
  );
  assert.ok(
    refersTo(extract.body.secret_env, 'module.secrets.ids[local.source_secrets[name]]'),
    'and their own API key, from the secrets module',
  );
  assert.ok(refersTo(platform.locals.source_secrets, 'var.sources'));
  const call = moduleCalls(tree, FUNCTION)[0]!;
  assert.equal(
    expression(call.body.secret_env),
    'each.value.secret_env',
    'module "function" passes exactly its entry\'s secret_env',
  );

  const out = new Map<string, Map<string, string>>();
  for (const d of deployments().filter((x) => !x.perSource)) {
    assert.equal(
      expression(d.body.secret_env),
      'local.slack_env',
      `${d.call}: secret_env is the Slack secret only`,
    );
    out.set(String(d.body.entry_point), new Map([['SLACK_WEBHOOK_URL', slackSecret]]));
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
  // A key shared by several sources (data.go.kr: stock, certs) is readable by exactly their extracts.
  const users = new Map<string, string[]>();
  for (const [name, s] of Object.entries(defaultSources()))
    if (typeof s.secret_env === 'string') {
      const id = s.secret_env.toLowerCase().replace(/_/g, '-');
      users.set(id, [...(users.get(id) ?? []), `extract:${name}`]);
    }
  for (const [id, fns] of users)
    assert.deepEqual(
      [...(readers.get(id) ?? [])].sort(),
      fns.sort(),
      `secret ${id} is readable by ${fns.join(', ')} only`,
    );
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

test('the transform function may create its claim markers (_claims/...) in the raw bucket', () => {
  // transform claims a raw generation create-only before it starts a cluster; without a create
  // grant on the raw bucket the claim fails and no cluster ever starts.
  const transform = 'module.function["transform"].member';
  const raw = 'module.storage.names["raw"]';
  const creates = /^roles\/storage\.(objectCreator|objectUser|objectAdmin)$/;
  const grants = resources(tree, 'google_storage_bucket_iam_member', PLATFORM).filter(
    (g) =>
      refersTo(g.body.member, transform) &&
      refersTo(g.body.bucket, raw) &&
      creates.test(String(g.body.role)),
  );
  const mapped = Object.values(
    (tree.get(PLATFORM)!.locals.bucket_access ?? {}) as Record<string, Body>,
  ).filter(
    (a) => a.bucket === 'raw' && refersTo(a.member, transform) && creates.test(String(a.role)),
  );
  assert.ok(grants.length + mapped.length > 0, 'a create grant for transform on the raw bucket');
  for (const g of grants) {
    const condition = nested(g.body, 'condition');
    if (condition.expression !== undefined)
      assert.match(
        String(condition.expression),
        /objects\/_claims\//,
        'the condition admits _claims/',
      );
  }
});

test('the code bucket never deletes by age (the live function zip and PySpark file are old objects)', () => {
  const storage = moduleCalls(tree, 'modules/storage').find((c) => c.module === PLATFORM)!;
  const code = (storage.body.buckets as Record<string, Body>).code!;
  assert.equal(code.expire_after_days, undefined, 'code bucket expire_after_days');
});

test('function builds run as a dedicated build account with only what a build needs', () => {
  const fn = resources(tree, 'google_cloudfunctions2_function', FUNCTION)[0]!;
  assert.ok(
    refersTo(nested(fn.body, 'build_config').service_account, 'var.build_service_account'),
    'build_config.service_account = var.build_service_account',
  );
  const call = moduleCalls(tree, FUNCTION)[0]!;
  assert.ok(
    refersTo(call.body.build_service_account, 'google_service_account.build'),
    'module "function" gets the platform build account',
  );
  assert.ok(
    refersTo(call.body.depends_on, 'google_project_iam_member.build') &&
      refersTo(call.body.depends_on, 'google_storage_bucket_iam_member.build_source'),
    'the first build starts after the build account has its roles',
  );
  const roles = resources(tree, 'google_project_iam_member', PLATFORM).find(
    (r) => r.name === 'build',
  );
  assert.equal(
    expression(roles?.body.for_each),
    'toset(["roles/logging.logWriter", "roles/artifactregistry.writer"])',
    'logs and the image repository, nothing broader (no roles/cloudbuild.builds.builder)',
  );
  const source = resources(tree, 'google_storage_bucket_iam_member', PLATFORM).find(
    (r) => r.name === 'build_source',
  );
  assert.equal(source?.body.role, 'roles/storage.objectViewer');
  assert.ok(refersTo(source?.body.bucket, 'module.storage.names["code"]'), 'on the code bucket');
});

test('alert policies wait for their log-based metrics to propagate (404 on a first apply)', () => {
  const sleep = resources(tree, 'time_sleep', 'modules/alerting')[0];
  assert.ok(sleep, 'a time_sleep in modules/alerting');
  for (const metric of resources(tree, 'google_logging_metric', 'modules/alerting'))
    assert.ok(
      refersTo(sleep.body.triggers, `google_logging_metric.${metric.name}`),
      `the wait starts after ${metric.name} exists`,
    );
  const policies = resources(tree, 'google_monitoring_alert_policy', 'modules/alerting');
  assert.ok(policies.length >= 4, 'four or more alert policies');
  for (const p of policies)
    assert.ok(
      refersTo(p.body.depends_on, 'time_sleep.metrics_propagate'),
      `${p.name} depends on the wait`,
    );
});
