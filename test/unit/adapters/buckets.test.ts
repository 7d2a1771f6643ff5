/** The local object store's write preconditions, the same as Cloud Storage's (test/contract/storage.test.ts). */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalObjectStore } from '../../../functions/adapters/local/buckets.js';

const store = () =>
  new LocalObjectStore(
    mkdtempSync(join(tmpdir(), 'buckets-test-')),
    { raw: 'raw', curated: 'curated', quarantine: 'quarantine' },
    () => {},
  );

test('ifGenerationMatch: written over the generation read, refused over a replaced one', async () => {
  const s = store();
  const name = 'senuri/job_postings/dt=2026-11-23/slot=0000.jsonl';
  const absent = await s.write('raw', name, 'v1', {
    contentType: 'text/plain',
    ifGenerationMatch: '1',
  });
  assert.equal(absent.written, false, 'a generation of an absent object never matches');
  const first = await s.write('raw', name, 'v1', {
    contentType: 'text/plain',
    ifGenerationMatch: '0',
  });
  assert.equal(first.written, true, "'0' = only when absent");
  const merged = await s.write('raw', name, 'v1+keys', {
    contentType: 'text/plain',
    ifGenerationMatch: first.generation,
  });
  assert.equal(merged.written, true);
  const stale = await s.write('raw', name, 'v1+other keys', {
    contentType: 'text/plain',
    ifGenerationMatch: first.generation,
  });
  assert.equal(stale.written, false);
  assert.equal(stale.generation, merged.generation);
  assert.equal((await s.read({ bucket: 'raw', name })).toString(), 'v1+keys');
});
