import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, PermanentError, TransientError } from '../../../functions/core/errors.js';
import type { RunRecord } from '../../../functions/core/ledger.js';
import { createLogger } from '../../../functions/core/log.js';
import { withErrorPolicy, type StageHandler } from '../../../functions/core/policy.js';
import type { Alert, ObjectRef, ObjectStore } from '../../../functions/core/ports.js';

function harness(now = Date.parse('2026-11-23T00:00:00Z')) {
  const rows: RunRecord[] = [];
  const alerts: Alert[] = [];
  const objects = new Map<string, string>();
  const logs: string[] = [];
  const store = {
    bucket: (role: string) => `b-${role}`,
    write: async (bucket: string, name: string, body: string | Buffer) => {
      objects.set(`${bucket}/${name}`, body.toString());
      return { bucket, name, generation: '1', written: true };
    },
    copy: async (from: ObjectRef, bucket: string, name: string) => {
      objects.set(`${bucket}/${name}`, `copy of ${from.name}`);
      return { bucket, name, generation: '2' };
    },
  } as unknown as ObjectStore;
  const deps = {
    store,
    ledger: {
      record: async (r: RunRecord) => void rows.push(r),
      slotStatus: async () => ({ load: 'failed' }),
    },
    alerts: { send: async (a: Alert) => void alerts.push(a) },
    log: createLogger((l) => logs.push(l)),
    clock: { now: () => now },
    maxAttempts: 3,
    maxEventAgeMs: 3600_000,
  };
  return { deps, rows, alerts, objects, logs };
}

const event = { id: 'e1', type: 't', time: '2026-11-23T00:00:00Z' };
const named: (fn: () => never | Promise<never>) => StageHandler = (fn) => async (_e, run) => {
  run.source = 's';
  run.dataset = 'd';
  run.slotId = 'slot';
  run.object = { bucket: 'raw', name: 's/d/x.json', generation: '7' };
  return fn();
};

test('success writes one ledger row and sends a recovery when the slot had failed', async () => {
  const h = harness();
  await withErrorPolicy('load', h.deps, async (_e, run) => {
    run.source = 's';
    run.slotId = 'slot';
    return { status: 'succeeded', rowsIn: 3, rowsOut: 3 };
  })(event);
  assert.equal(h.rows.length, 1);
  assert.equal(h.rows[0]!.status, 'succeeded');
  assert.deepEqual(
    h.alerts.map((a) => a.severity),
    ['recovery'],
  );
  const line = JSON.parse(h.logs[0]!) as Record<string, unknown>;
  assert.equal(line.severity, 'INFO');
  assert.deepEqual(line['logging.googleapis.com/labels'], {
    stage: 'load',
    source: 's',
    dataset: 'unknown',
    slot: 'slot',
  });
});

test('a traceparent becomes the Cloud Logging trace of every line of the run', async () => {
  const h = harness();
  const deps = { ...h.deps, traceProject: 'p1' };
  await withErrorPolicy('load', deps, async () => ({ status: 'succeeded' }))({
    ...event,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  });
  const line = JSON.parse(h.logs[0]!) as Record<string, unknown>;
  assert.equal(
    line['logging.googleapis.com/trace'],
    'projects/p1/traces/0af7651916cd43dd8448eb211c80319c',
  );
});

test('a transient error is rethrown for the platform to retry, with a retrying row and no alert', async () => {
  const h = harness();
  const handler = withErrorPolicy(
    'extract',
    h.deps,
    named(() => {
      throw new TransientError('X.BUSY', 'busy');
    }),
  );
  await assert.rejects(handler(event, { attempt: 1 }), { code: 'X.BUSY' });
  assert.equal(h.rows[0]!.status, 'retrying');
  assert.equal(h.alerts.length, 0);
});

test('the last attempt dead-letters the event, alerts once and acknowledges', async () => {
  const h = harness();
  const handler = withErrorPolicy(
    'transform',
    h.deps,
    named(() => {
      throw new TransientError('X.BUSY', 'busy');
    }),
  );
  await handler(event, { attempt: 3 });
  assert.equal(h.rows[0]!.status, 'failed');
  assert.equal(h.alerts.length, 1);
  const letter = [...h.objects.keys()].find((k) =>
    k.startsWith('b-quarantine/dead-letter/transform/'),
  );
  assert.ok(letter, 'dead letter written');
  assert.equal(JSON.parse(h.objects.get(letter)!).event.id, 'e1');
});

test('an event older than the maximum age is dead-lettered even on an early attempt', async () => {
  const h = harness(Date.parse('2026-11-23T02:00:00Z'));
  await withErrorPolicy(
    'load',
    h.deps,
    named(() => {
      throw new TransientError('X.BUSY', 'busy');
    }),
  )(event, { attempt: 1 });
  assert.equal(h.rows[0]!.status, 'failed');
});

test('a permanent error quarantines the object, alerts and acknowledges', async () => {
  const h = harness();
  await withErrorPolicy(
    'transform',
    h.deps,
    named(() => {
      throw new PermanentError('X.BAD', 'bad payload');
    }),
  )(event);
  assert.equal(h.rows[0]!.status, 'quarantined');
  assert.ok(h.objects.has('b-quarantine/transform/raw/s/d/x.json#7'));
  assert.equal(h.alerts.length, 1);
});

test('a config error alerts and acknowledges without quarantining data', async () => {
  const h = harness();
  await withErrorPolicy('extract', h.deps, async (_e, run) => {
    run.source = 's';
    throw new ConfigError('X.NO_KEY', 'key missing');
  })(event);
  assert.equal(h.rows[0]!.status, 'failed');
  assert.equal(h.objects.size, 0);
  assert.match(h.alerts[0]!.title, /Configuration error/);
});

test('ignored outcomes write no ledger row', async () => {
  const h = harness();
  await withErrorPolicy('load', h.deps, async () => ({ status: 'ignored', note: 'part file' }))(
    event,
  );
  assert.equal(h.rows.length, 0);
});
