/**
 * cloudbuild.yaml: every step has an id and a pinned builder image, and only main applies.
 * (Read line by line: no YAML parser is a dependency, and the file keeps one step key per line.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const text = readFileSync(path.join(ROOT, 'cloudbuild.yaml'), 'utf8');
const steps = text
  .slice(text.indexOf('\nsteps:'))
  .split(/\n  - (?=id:)/)
  .slice(1);

test('every Cloud Build step has an id and a version-pinned builder image', () => {
  const ids = steps.map((s) => /^id: (\S+)/.exec(s)?.[1]);
  for (const want of [
    'install',
    'lint',
    'typecheck',
    'tests',
    'sql-validate',
    'terraform-fmt-validate',
    'build-artifact',
    'terraform-plan',
    'terraform-apply',
    'slack-token',
  ]) {
    assert.ok(ids.includes(want), `step ${want} missing (have ${ids.join(', ')})`);
  }
  const images = new Map([...text.matchAll(/^  (_\w+_IMAGE): (\S+)$/gm)].map((m) => [m[1], m[2]]));
  for (const s of steps) {
    const name = /\n    name: (\S+)/.exec(s)?.[1] ?? '';
    const image = name.replace(/^\$\{(\w+)\}$/, (_, k: string) => images.get(k) ?? k);
    assert.match(
      image,
      /^[\w./-]+(:\d[\w.-]*|@sha256:[0-9a-f]{64})$/,
      `step ${s.split('\n')[0]}: image ${image} is not pinned`,
    );
  }
});

test('terraform apply runs only on main, for the environment named by _ENV', () => {
  const apply = steps.find((s) => s.startsWith('id: terraform-apply'));
  assert.ok(apply);
  assert.match(apply, /if \[ "\$\{BRANCH_NAME\}" != "main" \]; then .*exit 0; fi/);
  assert.match(apply, /dir: terraform\/environments\/\$\{_ENV\}/);
  assert.match(text, /^  _ENV: \w+$/m);
});

const images = new Map([...text.matchAll(/^  (_\w+_IMAGE): (\S+)$/gm)].map((m) => [m[1], m[2]]));

test('builds on Node 22, the functions runtime (nodejs20 was decommissioned on 2026-10-30)', () => {
  const node = images.get('_NODE_IMAGE') ?? '';
  assert.match(node, /^node:22\.\d+\.\d+(-\w+)?$/, `_NODE_IMAGE ${node}`);
  const runtime = readFileSync(
    path.join(ROOT, 'terraform/modules/event_function/variables.tf'),
    'utf8',
  );
  assert.match(runtime, /default\s+=\s+"nodejs22"/, 'event_function runtime default');
  const engines = (
    JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    }
  ).engines.node;
  // Node 20 for local use (these machines), Node 22 where it is deployed; no odd major.
  assert.equal(engines, '^20.19.0 || >=22.12.0');
});

test('the gcloud image is a -stable release tag (pinned, not a purged 1-year-old -slim one)', () => {
  const gcloud = images.get('_GCLOUD_IMAGE') ?? '';
  const m = /^gcr\.io\/google\.com\/cloudsdktool\/google-cloud-cli:(\d+)\.\d+\.\d+-stable$/.exec(
    gcloud,
  );
  assert.ok(m, `_GCLOUD_IMAGE ${gcloud} is google-cloud-cli:<version>-stable`);
  // 502.0.0 (2024-12) was past Artifact Registry's one-year retention; never go back below this.
  assert.ok(Number(m[1]) >= 576, `gcloud ${m[1]} is older than the last known-current pin`);
});

test('the optional Slack token cannot break the build: no availableSecrets, read only if it exists', () => {
  assert.doesNotMatch(
    text,
    /^availableSecrets:/m,
    'availableSecrets fails a build whose secret has no version',
  );
  assert.doesNotMatch(text, /secretEnv:/);
  const token = steps.find((s) => s.startsWith('id: slack-token'));
  assert.ok(token, 'a slack-token step');
  assert.match(token, /gcloud secrets versions list monitoring-slack-token .*state:ENABLED/);
  assert.match(token, /else\n\s+echo /, 'no version: a message, not a failure');
  const plan = steps.find((s) => s.startsWith('id: terraform-plan'));
  assert.match(
    plan ?? '',
    /if \[ -s \/workspace\/\.slack_auth_token \]; then TF_VAR_slack_auth_token=/,
  );
});

test('installs with npm ci (the lock is complete for every platform)', () => {
  const install = steps.find((s) => s.startsWith('id: install'));
  assert.match(install ?? '', /args: \['ci'/);
});
