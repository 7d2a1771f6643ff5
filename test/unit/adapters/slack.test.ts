/**
 * Slack delivery against a real HTTP server on 127.0.0.1 that behaves like the webhook: it rejects
 * payloads over Block Kit's limits with 400, and can answer 429 with Retry-After or 5xx first.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import {
  retryAfterMs,
  SLACK_LIMITS,
  slackPayload,
  SlackAlerts,
  truncate,
} from '../../../functions/adapters/slack.js';
import type { Alert } from '../../../functions/core/ports.js';

interface Hit {
  at: number;
  body: string;
  status: number;
}
type Script = (
  req: IncomingMessage,
  body: string,
  n: number,
) => [number, Record<string, string>?, string?];

const hits: Hit[] = [];
let script: Script = () => [200];
let url = '';
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const violation = blockKitViolation(body);
    const [status, headers, text] = violation
      ? [400, {}, `invalid_blocks: ${violation}`]
      : script(req, body, hits.length);
    hits.push({ at: Date.now(), body, status });
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(text ?? (status === 200 ? 'ok' : 'error'));
  });
});

/** What Slack checks and answers 400 for (section text, number and size of fields). */
function blockKitViolation(body: string): string | undefined {
  const p = JSON.parse(body) as {
    blocks?: { text?: { text: string }; fields?: { text: string }[] }[];
  };
  for (const b of p.blocks ?? []) {
    if (b.text && b.text.text.length > 3000) return 'section text over 3000';
    if (b.fields && b.fields.length > 10) return 'more than 10 fields';
    if (b.fields?.some((f) => f.text.length > 2000)) return 'field text over 2000';
  }
  return undefined;
}

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/x`;
});
after(() => server.close());

function alerts(lines: { line: string; severity?: string }[], options = {}) {
  return new SlackAlerts(
    async () => url,
    (line, severity) => lines.push({ line, severity }),
    fetch,
    { backoffMs: 10, ...options },
  );
}

const hugeAlert = (key: string): Alert => ({
  severity: 'error',
  title: 'saramin extract failed',
  text: `SARAMIN.ENVELOPE: ${'x'.repeat(10_000)}`,
  key,
  fields: Object.fromEntries(
    Array.from({ length: 15 }, (_, i) => [`failed key ${i}`, `k${i}-`.repeat(1000)]),
  ),
});

test('the fake webhook rejects an unfitted payload with 400 (what Slack does)', async () => {
  const alert = hugeAlert('raw');
  const unfitted = {
    text: alert.title,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: alert.text } },
      {
        type: 'section',
        fields: Object.entries(alert.fields!).map(([k, v]) => ({
          type: 'mrkdwn',
          text: `*${k}*\n${v}`,
        })),
      },
    ],
  };
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(unfitted) });
  assert.equal(res.status, 400);
});

test('a long error and 15 long fields are fitted, delivered, and point to the full alert in the log', async () => {
  hits.length = 0;
  script = () => [200];
  const lines: { line: string; severity?: string }[] = [];
  await alerts(lines).send(hugeAlert('saramin:extract:2025-09-15T09:00+09:00/PT1H'));
  assert.deepEqual(
    hits.map((h) => h.status),
    [200],
  );
  const sent = JSON.parse(hits[0]!.body) as {
    blocks: { text?: { text: string }; fields?: { text: string }[] }[];
  };
  assert.ok(sent.blocks[0]!.text!.text.length <= SLACK_LIMITS.sectionText);
  assert.match(
    sent.blocks[0]!.text!.text,
    /truncated; see the log entry .*saramin:extract:2025-09-15T09:00\+09:00\/PT1H/,
  );
  assert.equal(sent.blocks[1]!.fields!.length, 10);
  assert.match(sent.blocks[1]!.fields![9]!.text, /\+6 more fields/);
  const full = lines.find((l) => l.line.startsWith('[slack] full alert'));
  assert.ok(full, 'the whole alert is logged when Slack gets a cut');
  assert.ok(full.line.includes('x'.repeat(10_000)));
  assert.ok(!lines.some((l) => l.severity === 'ERROR'));
});

test('429 with Retry-After is retried after the wait it names, then delivered', async () => {
  hits.length = 0;
  script = (_req, _body, n) => (n === 0 ? [429, { 'retry-after': '1' }, 'rate_limited'] : [200]);
  const lines: { line: string; severity?: string }[] = [];
  await alerts(lines).send({ severity: 'warning', title: 't', text: 'x', key: 'rate' });
  assert.deepEqual(
    hits.map((h) => h.status),
    [429, 200],
  );
  assert.ok(hits[1]!.at - hits[0]!.at >= 950, `waited ${hits[1]!.at - hits[0]!.at} ms`);
  assert.ok(!lines.some((l) => l.severity === 'ERROR'));
});

test('5xx is retried with backoff', async () => {
  hits.length = 0;
  script = (_req, _body, n) => (n < 2 ? [503] : [200]);
  const lines: { line: string; severity?: string }[] = [];
  await alerts(lines).send({ severity: 'error', title: 't', text: 'x', key: '5xx' });
  assert.deepEqual(
    hits.map((h) => h.status),
    [503, 503, 200],
  );
});

test('a delivery that still fails is logged at ERROR with the whole alert, and does not throw', async () => {
  hits.length = 0;
  script = () => [500];
  const lines: { line: string; severity?: string }[] = [];
  await alerts(lines, { retries: 2 }).send({
    severity: 'error',
    title: 'load failed',
    text: 'boom',
    key: 'down',
  });
  assert.equal(hits.length, 3, 'one try and two retries');
  const failure = lines.find((l) => l.severity === 'ERROR');
  assert.ok(failure, 'an ERROR line a log-based policy can match');
  assert.match(failure.line, /alert NOT delivered \(key down, HTTP 500/);
  assert.match(failure.line, /"title":"load failed"/);
  assert.ok(!failure.line.includes(url), 'the webhook URL is a secret');
});

test('a Retry-After longer than the cap gives up at once (and logs the ERROR)', async () => {
  hits.length = 0;
  script = () => [429, { 'retry-after': '3600' }];
  const lines: { line: string; severity?: string }[] = [];
  const started = Date.now();
  await alerts(lines).send({ severity: 'error', title: 't', text: 'x', key: 'long' });
  assert.equal(hits.length, 1);
  assert.ok(Date.now() - started < 2000);
  assert.match(lines.find((l) => l.severity === 'ERROR')!.line, /HTTP 429/);
});

test('truncate keeps whole code points; Retry-After reads seconds and HTTP dates', () => {
  assert.equal(truncate('한국어데이터', 4, '…'), '한국어…');
  assert.equal(truncate('short', 10, '…'), 'short');
  assert.equal(retryAfterMs('2'), 2000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
  assert.equal(retryAfterMs(null), undefined);
  const p = slackPayload({ severity: 'info', title: 'x', text: 'y', key: 'k' });
  assert.equal(p.truncated, false);
});
