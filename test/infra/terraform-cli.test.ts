/**
 * Checks that need the terraform CLI. scripts/terraform-ensure.sh finds it on PATH or builds it from
 * the Go module proxy (cold ~4.5 min, then cached); without terraform and Go the test is skipped
 * with a message (a failure under PIPELINE_REQUIRE_TOOLS=1).
 *
 * `terraform validate` and `terraform test` need the provider binaries: terraform-validate.test.ts
 * runs them against ../shared/terraform-mirror.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { needTool } from '../support/tools.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENSURE = path.join(ROOT, 'scripts', 'terraform-ensure.sh');

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

test('terraform fmt -check -recursive terraform is clean', { timeout: 15 * 60_000 }, (t) => {
  const canBuild = has('go');
  const args = canBuild ? ['--fmt-check'] : ['--fmt-check', '--no-build'];
  const run = spawnSync('bash', [ENSURE, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (run.status === 3) {
    if (
      !needTool(
        t,
        'terraform',
        false,
        'not on PATH, and no Go toolchain to build it with scripts/terraform-ensure.sh',
      )
    )
      return;
  }
  assert.equal(run.status, 0, `terraform-ensure/fmt failed:\n${run.stderr}`);
  assert.match(run.stdout.trim(), /terraform$/, 'prints the terraform path');
});
