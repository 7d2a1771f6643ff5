/**
 * GcsObjectStore driven through the real @google-cloud/storage client against a local fake of the
 * JSON API (test/fakes/gcp-storage.ts): what the pipeline relies on is generations, MD5-based
 * skip-if-unchanged (no new generation = no second finalize event), generation-pinned reads,
 * NotFound classification and quarantine copies.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Storage } from '@google-cloud/storage';
import { GcsObjectStore } from '../../functions/adapters/gcp/storage.js';
import { ConfigError, PermanentError, TransientError } from '../../functions/core/errors.js';
import { startFakeGcs, type FakeGcs } from '../fakes/gcp-storage.js';

const BUCKETS = { raw: 'proj-raw', curated: 'proj-curated', quarantine: 'proj-quarantine' };
const NAME = 'saramin/job_postings/dt=2025-08-01/slot=1000.json';

let gcs: FakeGcs;
let store: GcsObjectStore;

before(async () => {
  delete process.env.STORAGE_EMULATOR_HOST;
  gcs = await startFakeGcs();
  // A custom apiEndpoint makes the client skip authentication (no credentials on this machine).
  store = new GcsObjectStore(
    BUCKETS,
    new Storage({
      apiEndpoint: gcs.url,
      projectId: 'test-project',
      retryOptions: { autoRetry: false },
    }),
  );
});

after(async () => {
  await gcs.close();
});

test('bucket() and uri() name the configured buckets', () => {
  assert.equal(store.bucket('raw'), 'proj-raw');
  assert.equal(store.bucket('quarantine'), 'proj-quarantine');
  assert.equal(store.uri('proj-curated', 'a/b.ndjson'), 'gs://proj-curated/a/b.ndjson');
});

test('write stores bytes, content type and metadata, and returns the new generation', async () => {
  const ref = await store.write(BUCKETS.raw, NAME, '{"jobs":[1]}', {
    contentType: 'application/json',
    metadata: { rows: '1', source: 'saramin' },
  });
  assert.equal(ref.written, true);
  assert.equal(ref.bucket, BUCKETS.raw);
  assert.equal(ref.name, NAME);
  const stored = gcs.versions(BUCKETS.raw, NAME);
  assert.equal(stored.length, 1);
  assert.equal(ref.generation, stored[0]!.generation);
  assert.equal(stored[0]!.contentType, 'application/json');
  assert.deepEqual(stored[0]!.metadata, { rows: '1', source: 'saramin' });
  const upload = gcs.requests.find((r) => r.method === 'POST' && r.path.startsWith('/upload/'));
  assert.equal(
    upload?.query.uploadType,
    'multipart',
    'resumable: false means one multipart request',
  );
});

test('read returns the bytes; stat returns generation, size, md5 and metadata', async () => {
  const bytes = await store.read({ bucket: BUCKETS.raw, name: NAME });
  assert.equal(bytes.toString('utf8'), '{"jobs":[1]}');
  const info = await store.stat(BUCKETS.raw, NAME);
  assert.ok(info);
  assert.equal(info.size, 12);
  assert.equal(info.md5, createHash('md5').update('{"jobs":[1]}').digest('base64'));
  assert.equal(info.generation, gcs.versions(BUCKETS.raw, NAME)[0]!.generation);
  assert.deepEqual(info.metadata, { rows: '1', source: 'saramin' });
  assert.equal(await store.stat(BUCKETS.raw, 'missing.json'), undefined);
});

test('skipIfUnchanged: identical bytes create no generation; different bytes do', async () => {
  const before = gcs.versions(BUCKETS.raw, NAME).length;
  const uploadsBefore = gcs.requests.filter((r) => r.path.startsWith('/upload/')).length;
  const same = await store.write(BUCKETS.raw, NAME, '{"jobs":[1]}', {
    contentType: 'application/json',
    skipIfUnchanged: true,
  });
  assert.equal(same.written, false);
  assert.equal(same.generation, gcs.versions(BUCKETS.raw, NAME).at(-1)!.generation);
  assert.equal(gcs.versions(BUCKETS.raw, NAME).length, before, 'no new generation');
  assert.equal(
    gcs.requests.filter((r) => r.path.startsWith('/upload/')).length,
    uploadsBefore,
    'no upload request',
  );

  const changed = await store.write(BUCKETS.raw, NAME, '{"jobs":[1,2]}', {
    contentType: 'application/json',
    skipIfUnchanged: true,
  });
  assert.equal(changed.written, true);
  assert.notEqual(changed.generation, same.generation);
  assert.ok(BigInt(changed.generation) > BigInt(same.generation), 'generations increase');
});

test('ifAbsent: the first write claims the name, the second is refused without a new generation', async () => {
  const claim = '_claims/transform/stock/daily_prices/dt=2025-11-03/slot=0000.json#1';
  const first = await store.write(BUCKETS.raw, claim, 'event-1', {
    contentType: 'text/plain',
    ifAbsent: true,
  });
  assert.equal(first.written, true);
  const second = await store.write(BUCKETS.raw, claim, 'event-2', {
    contentType: 'text/plain',
    ifAbsent: true,
  });
  assert.equal(second.written, false);
  assert.equal(second.generation, first.generation);
  assert.equal(gcs.versions(BUCKETS.raw, claim).length, 1);
  const upload = gcs.requests.filter((r) => r.path.startsWith('/upload/')).at(-1)!;
  assert.equal(upload.query.ifGenerationMatch, '0', 'the precondition is sent to GCS');
});

test('ifGenerationMatch: a read-modify-write over a replaced generation writes nothing', async () => {
  const name = 'senuri/job_postings/dt=2026-11-23/slot=0000.jsonl';
  const first = await store.write(BUCKETS.raw, name, 'v1', { contentType: 'text/plain' });
  const merged = await store.write(BUCKETS.raw, name, 'v1+keys', {
    contentType: 'text/plain',
    ifGenerationMatch: first.generation,
  });
  assert.equal(merged.written, true, 'over the generation it read');
  const stale = await store.write(BUCKETS.raw, name, 'v1+other keys', {
    contentType: 'text/plain',
    ifGenerationMatch: first.generation,
  });
  assert.equal(stale.written, false, 'refused: another writer replaced it');
  assert.equal(stale.generation, merged.generation);
  assert.equal((await store.read({ bucket: BUCKETS.raw, name })).toString(), 'v1+keys');
  const upload = gcs.requests.filter((r) => r.path.startsWith('/upload/')).at(-1)!;
  assert.equal(upload.query.ifGenerationMatch, first.generation, 'the precondition is sent');
});

test('read with a generation pins the old version; a vanished generation is STORE.NOT_FOUND', async () => {
  const [first, second] = gcs.versions(BUCKETS.raw, NAME);
  assert.ok(first && second);
  assert.equal(
    (
      await store.read({ bucket: BUCKETS.raw, name: NAME, generation: first.generation })
    ).toString(),
    '{"jobs":[1]}',
  );
  assert.equal(
    (await store.read({ bucket: BUCKETS.raw, name: NAME })).toString(),
    '{"jobs":[1,2]}',
  );
  await assert.rejects(
    store.read({ bucket: BUCKETS.raw, name: NAME, generation: '42' }),
    (e: unknown) => e instanceof PermanentError && e.code === 'STORE.NOT_FOUND',
  );
  await assert.rejects(
    store.read({ bucket: BUCKETS.raw, name: 'nope.json' }),
    (e: unknown) => e instanceof PermanentError && e.code === 'STORE.NOT_FOUND',
  );
});

test('list returns the objects under a prefix only', async () => {
  await store.write(BUCKETS.curated, 'stock/prices/dt=2025-08-01/part-0.parquet', 'p0', {
    contentType: 'application/octet-stream',
  });
  await store.write(BUCKETS.curated, 'stock/prices/dt=2025-08-01/_SUCCESS', '', {
    contentType: 'text/plain',
  });
  await store.write(BUCKETS.curated, 'stock/prices/dt=2025-08-02/_SUCCESS', '', {
    contentType: 'text/plain',
  });
  const listed = await store.list(BUCKETS.curated, 'stock/prices/dt=2025-08-01/');
  assert.deepEqual(
    listed.map((o) => o.name),
    ['stock/prices/dt=2025-08-01/_SUCCESS', 'stock/prices/dt=2025-08-01/part-0.parquet'],
  );
  assert.ok(listed.every((o) => o.bucket === BUCKETS.curated && o.generation !== ''));
});

test('copy moves a pinned generation to quarantine under a name with # and /', async () => {
  const [first] = gcs.versions(BUCKETS.raw, NAME);
  assert.ok(first);
  const target = `transform/${BUCKETS.raw}/${NAME}#${first.generation}`;
  const ref = await store.copy(
    { bucket: BUCKETS.raw, name: NAME, generation: first.generation },
    BUCKETS.quarantine,
    target,
  );
  assert.equal(ref.bucket, BUCKETS.quarantine);
  assert.equal(ref.name, target);
  const copied = gcs.versions(BUCKETS.quarantine, target);
  assert.equal(copied.length, 1);
  assert.equal(ref.generation, copied[0]!.generation);
  assert.equal(
    copied[0]!.body.toString(),
    '{"jobs":[1]}',
    'the pinned (old) generation was copied, not the live one',
  );
  const rewrite = gcs.requests.find((r) => r.path.includes('/rewriteTo/'));
  assert.equal(rewrite?.query.sourceGeneration, first.generation);
});

test('a body in parts (a transform output) is uploaded as one object, and retried whole', async () => {
  const parts = Array.from({ length: 3 }, (_, i) =>
    Buffer.from(`${'{"n":1}\n'.repeat(150_000)}${i}\n`),
  );
  const joined = Buffer.concat(parts);
  const name = 'saramin/job_postings/dt=2025-09-15/slot=1000.jsonl';
  const ref = await store.write(BUCKETS.curated, name, parts, {
    contentType: 'application/x-ndjson',
  });
  assert.ok((await store.read(ref)).equals(joined), 'the parts in order, 3.4 MB');
  assert.equal(
    (await store.stat(BUCKETS.curated, name))?.md5,
    createHash('md5').update(joined).digest('base64'),
  );
  const same = await store.write(BUCKETS.curated, name, joined, {
    contentType: 'application/x-ndjson',
    skipIfUnchanged: true,
  });
  assert.equal(same.written, false, 'the same bytes as one Buffer are unchanged');

  // With retries on, a create-only write in parts that meets a 503 is sent again, whole.
  const retrying = new GcsObjectStore(
    BUCKETS,
    new Storage({
      apiEndpoint: gcs.url,
      projectId: 'test-project',
      retryOptions: { autoRetry: true, maxRetries: 2, retryDelayMultiplier: 1, totalTimeout: 10 },
    }),
  );
  const uploads = () => gcs.requests.filter((r) => r.path.startsWith('/upload/')).length;
  const uploadsBefore = uploads();
  gcs.fail(503);
  const claimed = await retrying.write(BUCKETS.curated, 'claims/x.jsonl', parts, {
    contentType: 'application/x-ndjson',
    ifAbsent: true,
  });
  assert.equal(claimed.written, true);
  assert.equal(uploads() - uploadsBefore, 2, 'refused once, then sent again');
  assert.ok((await store.read(claimed)).equals(joined), 'the retry sent every part again');
});

test('SDK errors are classified: 503 transient, 403 config', async () => {
  gcs.fail(503);
  await assert.rejects(
    store.read({ bucket: BUCKETS.raw, name: NAME }),
    (e: unknown) => e instanceof TransientError && e.code === 'STORE.HTTP_503',
  );
  gcs.fail(403);
  await assert.rejects(
    store.write(BUCKETS.raw, 'x.json', '{}', { contentType: 'application/json' }),
    (e: unknown) => e instanceof ConfigError && e.code === 'STORE.ACCESS_DENIED',
  );
});
