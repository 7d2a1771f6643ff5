import assert from 'node:assert/strict';
import { test } from 'node:test';
import Bottleneck from 'bottleneck';
import {
  createSourceClient,
  redactor,
  retryAfterMs,
  REDACTED,
  type ClientLimits,
} from '../../../functions/core/http.js';

const LIMITS: ClientLimits = {
  timeoutMs: 1000,
  retries: 3,
  concurrency: 1,
  ratePerSecond: 0,
  dailyQuota: 0,
};
const respond = (status: number, body = '', headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });

function client(
  fetchImpl: (url: string, init: RequestInit) => Promise<Response>,
  o: { limits?: Partial<ClientLimits>; secret?: string; sleeps?: number[] } = {},
) {
  return createSourceClient({
    codePrefix: 'T',
    limits: { ...LIMITS, ...o.limits },
    secret: o.secret,
    fetch: fetchImpl as unknown as typeof fetch,
    sleep: async (ms) => {
      o.sleeps?.push(ms);
    },
    limiter: new Bottleneck({ maxConcurrent: o.limits?.concurrency ?? 1 }),
  });
}

test('retries 429/5xx and returns the first success as an exchange', async () => {
  const statuses = [503, 429, 200];
  let calls = 0;
  const c = client(async () => respond(statuses[calls++]!, '{"ok":1}'));
  const x = await c.request({ key: 'p1', url: 'https://api.example/x' });
  assert.equal(x.status, 200);
  assert.equal(x.body, '{"ok":1}');
  assert.equal(x.key, 'p1');
  assert.equal(calls, 3);
});

test('Retry-After (seconds or an HTTP date) sets the wait; a wait too long for the function is left to the platform', async () => {
  assert.equal(retryAfterMs('7'), 7000);
  assert.equal(retryAfterMs(new Date(Date.now() + 5000).toUTCString(), Date.now())! > 3000, true);
  assert.equal(retryAfterMs('soon'), undefined);
  const sleeps: number[] = [];
  let calls = 0;
  const c = client(
    async () => (calls++ === 0 ? respond(429, '', { 'retry-after': '2' }) : respond(200, '{}')),
    { sleeps },
  );
  await c.request({ key: 'a', url: 'https://api.example/x' });
  assert.deepEqual(sleeps, [2000], 'waited exactly what Retry-After asked');
  let long = 0;
  const impatient = client(async () => {
    long++;
    return respond(503, '', { 'retry-after': '3600' });
  });
  await assert.rejects(impatient.request({ key: 'a', url: 'https://api.example/x' }), {
    code: 'T.HTTP_503',
  });
  assert.equal(long, 1, 'an hour-long Retry-After is not slept through in-process');
});

test('the secret is redacted by value: path, query, headers, body, stored request and errors', async () => {
  const secret = 'k+y/SECRET==';
  const r = redactor(secret);
  assert.equal(
    r(`a ${secret} b ${encodeURIComponent(secret)} c k%2By%2FSECRET%3D%3D`),
    `a ${REDACTED} b ${REDACTED} c ${REDACTED}`,
  );
  const c = client(async () => respond(200, `{"echo":"${secret}"}`), { secret });
  const x = await c.request({
    key: 'a',
    method: 'POST',
    url: `https://api.example/${encodeURIComponent(secret)}/json?serviceKey=${encodeURIComponent(secret)}`,
    headers: { Authorization: `Bearer ${secret}` },
    body: `key=${secret}`,
  });
  assert.ok(!JSON.stringify(x).includes('SECRET'), JSON.stringify(x));
  const failing = client(async () => respond(502), { secret, limits: { retries: 1 } });
  await assert.rejects(
    failing.request({ key: 'a', url: `https://api.example/${encodeURIComponent(secret)}/x` }),
    (e: Error) => !e.message.includes('SECRET') && e.message.includes(REDACTED),
  );
});

test('network errors and timeouts are transient; non-retryable statuses reach the caller', async () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  await assert.rejects(
    client(async () => {
      throw refused;
    }).request({ key: 'a', url: 'http://127.0.0.1:1/x' }),
    { code: 'T.NETWORK' },
  );
  const x = await client(async () => respond(401, '<xml/>')).request({
    key: 'a',
    url: 'http://h/x',
  });
  assert.equal(x.status, 401);
  const keepAlive = setTimeout(() => {}, 5000);
  await assert.rejects(
    client(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
        ),
      { limits: { timeoutMs: 20, retries: 1 } },
    ).request({ key: 'a', url: 'http://h/x' }),
    { code: 'T.TIMEOUT' },
  );
  clearTimeout(keepAlive);
});

test('concurrency is capped and a spent daily quota fails fast as transient', async () => {
  let inFlight = 0;
  let peak = 0;
  const c = client(
    async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 10));
      inFlight--;
      return respond(200, '{}');
    },
    { limits: { concurrency: 3 } },
  );
  await Promise.all(
    Array.from({ length: 12 }, (_, i) => c.request({ key: String(i), url: 'http://h/x' })),
  );
  assert.equal(peak, 3);
  // Concurrent requests never overdraw the quota: two go through, the rest fail fast.
  const q = client(
    async () => {
      await new Promise((r) => setTimeout(r, 10));
      return respond(200, '{}');
    },
    { limits: { dailyQuota: 2, concurrency: 4 } },
  );
  const results = await Promise.allSettled(
    ['1', '2', '3', '4', '5'].map((key) => q.request({ key, url: 'http://h/x' })),
  );
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code)),
    ['ok', 'ok', 'T.QUOTA', 'T.QUOTA', 'T.QUOTA'],
  );
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
