/** The local object store's write preconditions, the same as Cloud Storage's (test/contract/storage.test.ts). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

test('a body in parts is written as one object: its bytes, size and MD5 are the joined ones', async () => {
  const s = store();
  const parts = [Buffer.from('{"a":1}\n'), Buffer.from('{"b":"서울"}\n'), Buffer.from('{"c":3}\n')];
  const joined = Buffer.concat(parts);
  const name = 'saramin/job_postings/dt=2025-09-15/slot=1000.jsonl';
  const first = await s.write('curated', name, parts, { contentType: 'application/x-ndjson' });
  assert.ok((await s.read({ bucket: 'curated', name })).equals(joined), 'the parts in order');
  const info = await s.stat('curated', name);
  assert.equal(info?.size, joined.length);
  assert.equal(info?.md5, createHash('md5').update(joined).digest('base64'));
  const again = await s.write('curated', name, joined, {
    contentType: 'application/x-ndjson',
    skipIfUnchanged: true,
  });
  assert.equal(again.written, false, 'the same bytes as one Buffer are unchanged');
  assert.equal(again.generation, first.generation);
  const empty = await s.write('curated', 'empty.jsonl', [], { contentType: 'text/plain' });
  assert.equal(empty.written, true);
  assert.equal((await s.read({ bucket: 'curated', name: 'empty.jsonl' })).length, 0);
});
