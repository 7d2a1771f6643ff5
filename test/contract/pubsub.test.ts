/**
 * PubsubPublisher driven through the real @google-cloud/pubsub client against the gcloud Pub/Sub
 * emulator, started and stopped inside the test. Skips (or fails under PIPELINE_REQUIRE_TOOLS=1)
 * where gcloud, its pubsub-emulator component or Java is missing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { PubSub, type Message } from '@google-cloud/pubsub';
import { PubsubPublisher } from '../../functions/adapters/gcp/pubsub.js';
import { ConfigError } from '../../functions/core/errors.js';
import { needTool } from '../support/tools.js';

const PROJECT = 'test-project';
const START_TIMEOUT_MS = 90_000;

/** The emulator's launcher script (it `exec`s java, so the child we spawn IS the server). */
function emulatorLauncher(): { launcher?: string; hint: string } {
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.status !== 0) return { hint: 'Java is not on PATH' };
  const info = spawnSync('gcloud', ['info', '--format=value(installation.sdk_root)'], {
    encoding: 'utf8',
  });
  if (info.status !== 0) return { hint: 'gcloud is not on PATH' };
  const launcher = join(
    info.stdout.trim(),
    'platform',
    'pubsub-emulator',
    'bin',
    'cloud-pubsub-emulator',
  );
  if (!existsSync(launcher)) return { hint: 'gcloud components install pubsub-emulator' };
  return { launcher, hint: '' };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Pub/Sub emulator exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Pub/Sub emulator did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s`);
}

/** The emulator runs in its own process group (detached): stop the whole group we started. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

function nextMessage(pubsub: PubSub, subscription: string, timeoutMs: number): Promise<Message> {
  const sub = pubsub.subscription(subscription);
  return new Promise<Message>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no message on ${subscription} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    sub.once('message', (m: Message) => {
      clearTimeout(timer);
      m.ack();
      resolve(m);
    });
    sub.once('error', (e: unknown) => {
      clearTimeout(timer);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  }).finally(() => sub.close());
}

test(
  'PubsubPublisher publishes JSON body and attributes that a subscriber receives (Pub/Sub emulator)',
  { timeout: START_TIMEOUT_MS + 60_000 },
  async (t) => {
    const { launcher, hint } = emulatorLauncher();
    if (!needTool(t, 'gcloud Pub/Sub emulator', launcher !== undefined, hint) || !launcher) return;

    const port = await freePort();
    // What `gcloud beta emulators pubsub start --host-port=...` runs, minus the python wrapper.
    const child = spawn(launcher, ['--host=127.0.0.1', `--port=${port}`], {
      detached: true,
      stdio: 'ignore',
    });
    let pubsub: PubSub | undefined;
    try {
      await waitUntilUp(`http://127.0.0.1:${port}/`, child);
      // Same effect as PUBSUB_EMULATOR_HOST, without touching this process's environment.
      pubsub = new PubSub({
        projectId: PROJECT,
        apiEndpoint: `127.0.0.1:${port}`,
        emulatorMode: true,
        universeDomain: 'googleapis.com',
      });
      const suffix = `${Date.now()}`;
      const [topic] = await pubsub.createTopic(`extract-saramin-${suffix}`);
      await topic.createSubscription(`contract-${suffix}`);

      const publisher = new PubsubPublisher(pubsub);
      const body = { slot: '2025-08-01T10:00+09:00/PT1H', note: '정보처리기사' };
      const messageId = await publisher.publish(`extract-saramin-${suffix}`, body, {
        source: 'saramin',
        origin: 'backfill',
      });
      assert.match(messageId, /^\d+$/);

      const message = await nextMessage(pubsub, `contract-${suffix}`, 20_000);
      assert.equal(message.id, messageId);
      assert.deepEqual(JSON.parse(message.data.toString('utf8')), body);
      assert.deepEqual(message.attributes, { source: 'saramin', origin: 'backfill' });

      await assert.rejects(
        publisher.publish(`no-such-topic-${suffix}`, {}, {}),
        (e: unknown) => e instanceof ConfigError && e.code === 'PUBSUB.GRPC_5',
        'a missing topic is a deployment problem, not bad data',
      );
    } finally {
      await pubsub?.close();
      await stop(child);
    }
  },
);
