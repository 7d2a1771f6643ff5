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
