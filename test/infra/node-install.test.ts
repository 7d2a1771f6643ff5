/**
 * `npm ci` works on every platform and leaves a fresh clone clean: package-lock.json lists every
 * optional native binding of the packages we depend on (DuckDB's per-platform packages), and every
 * install path (CI, the quickstart scripts, Cloud Build) uses `npm ci`, which never rewrites the lock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

/** npm resolves a dependency in the nearest node_modules up the tree from its dependent. */
function resolves(packages: Record<string, LockEntry>, where: string, name: string): boolean {
  let dir = where;
  for (;;) {
    if (`${dir ? `${dir}/` : ''}node_modules/${name}` in packages) return true;
    if (!dir) return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

test('package-lock.json has an entry for every optional dependency it names', () => {
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };
  const missing: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolves(lock.packages, where, name)) missing.push(`${name} (of ${where || 'root'})`);
    }
  }
  assert.deepEqual(
    missing,
    [],
    'npm ci rejects a lock missing these; run npm install and commit it',
  );
  const duckdb = Object.keys(lock.packages).filter((k) =>
    k.startsWith('node_modules/@duckdb/node-bindings-'),
  );
  for (const platform of ['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64', 'win32-x64'])
    assert.ok(duckdb.includes(`node_modules/@duckdb/node-bindings-${platform}`), platform);
});

test('CI, the quickstart and Cloud Build install with npm ci', () => {
  assert.match(read('.ci/run'), /^npm ci\b/m);
  assert.match(read('scripts/ensure-node.sh'), /^\s+npm ci\b/m);
  for (const f of ['.ci/run', 'scripts/ensure-node.sh', 'scripts/demo.sh', 'scripts/test.sh'])
    assert.doesNotMatch(read(f), /^\s*npm install\b/m, `${f} runs npm install`);
  assert.match(read('cloudbuild.yaml'), /entrypoint: npm\n\s+args: \['ci'/);
});
