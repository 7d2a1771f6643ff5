/**
 * The composition root: importing functions/index.ts registers every entry point of
 * functions/entrypoints.ts with the Functions Framework as a CloudEvent function, without building
 * any cloud client (no network at import time); a bad setting stops the process with one line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { getFunction, getTestServer } from '@google-cloud/functions-framework/testing';
import { ENTRY_POINTS } from '../../functions/entrypoints.js';
import { packageRoot } from '../../functions/sqlfiles.js';

test('every entry point is registered with the Functions Framework', async () => {
  process.env.GOOGLE_CLOUD_PROJECT = 'test-project';
  await import('../../functions/index.js');
  assert.ok(ENTRY_POINTS.length >= 5);
  for (const entry of ENTRY_POINTS) {
    assert.equal(
      typeof getFunction(entry.name),
      'function',
      `entry point ${entry.name} is registered`,
    );
    const server = getTestServer(entry.name);
    assert.ok(server, `a test server can be built for ${entry.name}`);
    server.close();
  }
  assert.equal(getFunction('no_such_entry_point'), undefined);
});

test('a configuration error at startup prints one clear line and exits 1', () => {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', "await import('./functions/index.ts')"],
    {
      cwd: packageRoot(),
      env: { ...process.env, MAX_ATTEMPTS: 'lots' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  const entry = JSON.parse(lines[0]!) as { severity: string; message: string };
  assert.equal(entry.severity, 'CRITICAL');
  assert.match(entry.message, /CONFIG\.INVALID: MAX_ATTEMPTS must be an integer/);
});
