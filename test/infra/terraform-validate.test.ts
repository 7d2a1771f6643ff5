/**
 * The real-Terraform tier: scripts/terraform-check.sh runs `terraform init -backend=false`,
 * `terraform validate` and `terraform test` (environments/<env>/tests/*.tftest.hcl: plan + apply
 * with mock_provider "google") on a throw-away copy of every environment, against the provider
 * binaries of ../shared/terraform-mirror (real hashicorp/google 6.50.0). Where the mirror or the
 * terraform CLI is absent (a user's machine) the test skips with a message naming the mirror; under
 * PIPELINE_REQUIRE_TOOLS=1 (.ci/run) that is a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { needTool } from '../support/tools.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'terraform-check.sh');
const MIRROR = process.env.TERRAFORM_MIRROR ?? path.join(ROOT, '..', 'shared', 'terraform-mirror');
const ENVIRONMENTS = readdirSync(path.join(ROOT, 'terraform', 'environments'));

test('every environment has a terraform test suite beside it', () => {
  for (const env of ENVIRONMENTS) {
    const dir = path.join(ROOT, 'terraform', 'environments', env, 'tests');
    assert.ok(
      existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.tftest.hcl')),
      `terraform/environments/${env}/tests/*.tftest.hcl`,
    );
  }
});

test(
  'terraform init -backend=false, validate and test pass against the real provider (mirror)',
  { timeout: 10 * 60_000 },
  (t) => {
    const mirrored = existsSync(path.join(MIRROR, 'registry.terraform.io', 'hashicorp', 'google'));
    if (
      !needTool(
        t,
        'the Terraform provider mirror',
        mirrored,
        `no ${path.relative(ROOT, MIRROR)} (../shared/terraform-mirror); set TERRAFORM_MIRROR to one`,
      )
    )
      return;
    const run = spawnSync('bash', [SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TERRAFORM_MIRROR: MIRROR },
    });
    if (run.status === 3) {
      if (!needTool(t, 'terraform', false, `scripts/terraform-check.sh: ${run.stderr.trim()}`))
        return;
    }
    assert.equal(run.status, 0, `terraform-check failed:\n${run.stdout}\n${run.stderr}`);
    for (const env of ENVIRONMENTS)
      assert.match(run.stderr, new RegExp(`${env}: done in`), `${env} was checked`);
    assert.match(run.stdout, /Success! \d+ passed, 0 failed/);
    // The mirror's lock file must never reach the repository.
    for (const env of ENVIRONMENTS)
      assert.ok(
        !existsSync(path.join(ROOT, 'terraform', 'environments', env, '.terraform.lock.hcl')),
        `no lock file written into terraform/environments/${env}`,
      );
  },
);
