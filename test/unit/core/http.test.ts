import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHttpClient } from '../../../functions/core/http.js';

const noSleep = async () => {};
const respond = (status: number, body = '') =>
  new Response(body, { status, headers: { 'content-type': 'application/json' } });

test('retries 429/5xx and returns the first success', async () => {
  const statuses = [503, 429, 200];
  let calls = 0;
  const http = createHttpClient(
    (async () => respond(statuses[calls++]!, '{"ok":1}')) as typeof fetch,
    noSleep,
  );
  const res = await http({
    url: 'https://api.example/x?access-key=SECRET',
    timeoutMs: 1000,
    retries: 3,
    codePrefix: 'T',
  });
  assert.equal(res.status, 200);
  assert.equal(calls, 3);
});

test('a transient failure that outlasts the retries is a TransientError without the key in its message', async () => {
  const http = createHttpClient((async () => respond(502)) as typeof fetch, noSleep);
  await assert.rejects(
    http({
      url: 'https://api.example/x?access-key=SECRET',
      timeoutMs: 1000,
      retries: 2,
      codePrefix: 'T',
    }),
    (e: Error & { kind: string; code: string }) => {
      assert.equal(e.kind, 'transient');
      assert.equal(e.code, 'T.HTTP_502');
      assert.ok(!e.message.includes('SECRET'));
      return true;
    },
  );
});

test('network errors are transient; non-retryable statuses reach the caller for envelope parsing', async () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  const http = createHttpClient(
    (async () => {
      throw refused;
    }) as typeof fetch,
    noSleep,
  );
  await assert.rejects(
    http({ url: 'http://127.0.0.1:1/x', timeoutMs: 1000, retries: 2, codePrefix: 'T' }),
    { code: 'T.NETWORK' },
  );
  const ok = createHttpClient((async () => respond(401, '<xml/>')) as typeof fetch, noSleep);
  assert.equal(
    (await ok({ url: 'http://h/x', timeoutMs: 1000, retries: 3, codePrefix: 'T' })).status,
    401,
  );
});

test('a slow server times out as a transient error', async () => {
  const http = createHttpClient(
    ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) =>
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
      )) as typeof fetch,
    noSleep,
  );
  const keepAlive = setTimeout(() => {}, 5000); // AbortSignal.timeout's timer does not hold the loop open
  await assert.rejects(http({ url: 'http://h/x', timeoutMs: 20, retries: 1, codePrefix: 'T' }), {
    code: 'T.TIMEOUT',
  });
  clearTimeout(keepAlive);
});

test('client errors classify by status: auth -> config, retryable -> transient, other 4xx -> permanent', async () => {
  const { classifyByStatus } = await import('../../../functions/core/errors.js');
  const kind = (code: unknown) => classifyByStatus(code, 'X', 'm', null);
  assert.deepEqual(
    [403, 429, 503, 'ECONNRESET', 400, 409, undefined].map((c) => kind(c).kind),
    ['config', 'transient', 'transient', 'transient', 'permanent', 'permanent', 'transient'],
  );
  assert.equal(kind(503).code, 'X.HTTP_503');
  assert.equal(kind('ECONNRESET').code, 'X.NETWORK');
});
