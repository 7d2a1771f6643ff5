/**
 * Every environment variable Terraform sets on a function is one the code reads (a typo or a
 * renamed setting would otherwise be silently ignored, leaving the default in production), and
 * every source's secret is delivered under the name its SourceDefinition asks for.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SOURCES } from '../../functions/sources/registry.js';
import { loadTree, type Body } from './terraform-model.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tree = await loadTree(path.join(ROOT, 'terraform'));

/** Names read from the environment by the composition root and the config parser. */
function namesReadByCode(): Set<string> {
  const names = new Set<string>();
  for (const file of ['functions/config.ts', 'functions/index.ts']) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    // Read through helpers: intFrom(env, 'MAX_ATTEMPTS', ...).
    for (const m of text.matchAll(/\(env, '([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  // Per-source overrides are read as `${SOURCE}_<SETTING>`.
  for (const s of SOURCES)
    for (const k of [
      'BASE_URL',
      'PAGE_SIZE',
      'TIMEOUT_MS',
      'RETRIES',
      'CONCURRENCY',
      'RATE_PER_SECOND',
      'OPTIONS',
    ])
      names.add(`${s.source.toUpperCase()}_${k}`);
  return names;
}

test('every variable Terraform sets on a function is read by the code', () => {
  const platform = tree.get('modules/platform');
  assert.ok(platform, 'modules/platform exists');
  const env = Object.entries(platform.locals).filter(
    ([k]) => k.endsWith('_env') && k !== 'slack_env',
  );
  assert.ok(env.length >= 2, 'found the env maps');
  const set = env.flatMap(([, v]) => Object.keys((Array.isArray(v) ? v[0] : v) as Body));
  set.push('SOURCE', 'GOOGLE_CLOUD_PROJECT'); // set by modules/pipeline_source and modules/event_function
  const read = namesReadByCode();
  const ignored = set.filter((name) => !read.has(name));
  assert.deepEqual(ignored, [], 'set by Terraform but read by no code');
});

test("every source's secret reaches its extract function under the name the source reads", () => {
  const env = tree.get('environments/dev');
  assert.ok(env);
  const text = env.files.map((f) => readFileSync(path.join(env.dir, f), 'utf8')).join('\n');
  for (const s of SOURCES) {
    if (!s.secretEnv) continue;
    assert.ok(
      text.includes(s.secretEnv),
      `environments/dev declares ${s.secretEnv} for ${s.source}`,
    );
  }
});
