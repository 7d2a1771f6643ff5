import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OnceAlerts } from '../../../functions/core/alerting.js';
import { ConfigError, PermanentError, TransientError } from '../../../functions/core/errors.js';
import {
  EVENT_ATTEMPTS_SQL,
  STAGE_EPISODE_SQL,
  type RunRecord,
} from '../../../functions/core/ledger.js';
import { createLogger } from '../../../functions/core/log.js';
import { withErrorPolicy, type StageHandler } from '../../../functions/core/policy.js';
import type { Alert, ObjectRef, ObjectStore } from '../../../functions/core/ports.js';

/** The ledger's queries the policy runs, answered from the rows recorded so far (an in-memory ops.pipeline_runs). */
function answer(
  rows: RunRecord[],
  sql: string,
  p: Record<string, unknown>,
): Record<string, unknown>[] {
  if (sql === EVENT_ATTEMPTS_SQL)
    return [
      {
        retries: rows.filter(
          (r) => r.event_id === p.event_id && r.stage === p.stage && r.status === 'retrying',
        ).length,
      },
    ];
  if (sql === STAGE_EPISODE_SQL) {
    const latest = new Map<string, RunRecord>();
    for (const r of rows)
      if (
        r.source === p.source &&
        r.dataset === p.dataset &&
        r.slot_id === p.slot_id &&
        r.stage === p.stage &&
        r.status !== 'skipped'
      )
        latest.set(r.status, r);
    return [...latest.values()].map((r) => ({ ...r }));
  }
  throw new Error(`unexpected ledger query ${sql}`);
}

function harness(now = Date.parse('2026-11-23T00:00:00Z'), prior: Partial<RunRecord>[] = []) {
  const rows: RunRecord[] = prior.map((r) => r as RunRecord);
  const alerts: Alert[] = [];
  const objects = new Map<string, string>();
  const logs: string[] = [];
  let tick = 0;
  const store = {
    bucket: (role: string) => `b-${role}`,
    write: async (
      bucket: string,
      name: string,
      body: string | Buffer,
      o: { ifAbsent?: boolean } = {},
    ) => {
      if (o.ifAbsent && objects.has(`${bucket}/${name}`))
        return { bucket, name, generation: '1', written: false };
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
      // Each row a millisecond after the previous one, so "latest" is well defined.
      record: async (r: RunRecord) =>
        void rows.push({ ...r, finished_at: new Date(now + ++tick).toISOString() }),
      slotStatus: async () => ({}),
      query: async (sql: string, p: Record<string, unknown> = {}) => answer(rows, sql, p),
    },
    // Like both runtimes: one alert per key, claimed in the (fake) bucket, not in memory.
    alerts: new OnceAlerts({ send: async (a: Alert) => void alerts.push(a) }, store),
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
  const h = harness(undefined, [
    {
      source: 's',
      dataset: 'unknown',
      slot_id: 'slot',
      stage: 'load',
      status: 'failed',
      run_id: 'r0',
      finished_at: '2026-11-22T00:00:00Z',
    },
  ]);
  await withErrorPolicy('load', h.deps, async (_e, run) => {
    run.source = 's';
    run.slotId = 'slot';
    return { status: 'succeeded', rowsIn: 3, rowsOut: 3 };
  })(event);
  assert.equal(h.rows.length, 2, 'the earlier failure plus this run');
  assert.equal(h.rows[1]!.status, 'succeeded');
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
  assert.equal(h.rows[0]!.attempt, 1);
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
  assert.equal(
    [...h.objects.keys()].filter((k) => !k.startsWith('b-quarantine/_alerts/')).length,
    0,
  );
  assert.match(h.alerts[0]!.title, /Configuration error/);
});

test('ignored outcomes write no ledger row', async () => {
  const h = harness();
  await withErrorPolicy('load', h.deps, async () => ({ status: 'ignored', note: 'part file' }))(
    event,
  );
  assert.equal(h.rows.length, 0);
});

// 11.12: Eventarc's CloudEvents carry no delivery attempt; the ledger counts them.
test('without a delivery attempt, attempts are counted in the ledger: MAX_ATTEMPTS dead-letters', async () => {
  const h = harness();
  const handler = withErrorPolicy(
    'transform',
    h.deps,
    named(() => {
      throw new TransientError('X.BUSY', 'busy');
    }),
  );
  await assert.rejects(handler(event), { code: 'X.BUSY' });
  await assert.rejects(handler(event), { code: 'X.BUSY' });
  await handler(event); // the third delivery of the same event id: maxAttempts = 3
  assert.deepEqual(
    h.rows.map((r) => [r.status, r.attempt]),
    [
      ['retrying', 1],
      ['retrying', 2],
      ['failed', 3],
    ],
  );
  assert.equal(h.alerts.length, 1);
  assert.match(
    h.alerts[0]!.text,
    /pipeline replay --dead-letter gs:\/\/b-quarantine\/dead-letter\//,
  );
});

// 12.3: a rejected API answer is kept whatever the error's kind; `quarantined` only when kept.
test('a config error carrying the API answer keeps it in quarantine and the ledger names it', async () => {
  const h = harness();
  await withErrorPolicy('extract', h.deps, async (_e, run) => {
    run.source = 's';
    run.dataset = 'd';
    run.slotId = 'slot';
    throw new ConfigError('X.AUTH', 'key rejected', { payload: '{"code":1}' });
  })(event);
  assert.equal(h.rows[0]!.status, 'quarantined');
  const kept = h.rows[0]!.object!;
  assert.match(kept, /^gs:\/\/b-quarantine\/extract\/s\/d\/slot\.\w+\.body$/);
  assert.equal(h.objects.get(kept.slice('gs://'.length)), '{"code":1}');
  assert.match(h.alerts[0]!.text, /Quarantined: gs:\/\/b-quarantine\/extract\//);
});

test('a permanent error with nothing to keep is `failed`, never `quarantined`', async () => {
  const h = harness();
  await withErrorPolicy('extract', h.deps, async (_e, run) => {
    run.source = 's';
    run.slotId = 'slot';
    throw new PermanentError('EVENT.BAD', 'no slot');
  })(event);
  assert.equal(h.rows[0]!.status, 'failed');
  assert.equal(h.rows[0]!.object, null);
});

// 12.9: decided from the ledger and claimed across instances, not one process's memory.
test('one alert per failed unit across instances, one recovery, and a later failure alerts again', async () => {
  const h = harness();
  const fail = named(() => {
    throw new PermanentError('X.BAD', 'bad payload');
  });
  const ok: StageHandler = async (_e, run) => {
    run.source = 's';
    run.dataset = 'd';
    run.slotId = 'slot';
    return { status: 'succeeded' };
  };
  // Two "instances" (two policy wrappers, one shared bucket and ledger) handle duplicates.
  const a = withErrorPolicy('transform', h.deps, fail);
  const b = withErrorPolicy('transform', h.deps, fail);
  await a({ ...event, id: 'e1' });
  await b({ ...event, id: 'e1' });
  await a({ ...event, id: 'e2' }); // the same unit still failing: the same episode
  assert.deepEqual(
    h.alerts.map((x) => x.severity),
    ['error'],
  );
  await withErrorPolicy('transform', h.deps, ok)({ ...event, id: 'e3' });
  await withErrorPolicy('transform', h.deps, ok)({ ...event, id: 'e3' });
  assert.deepEqual(
    h.alerts.map((x) => x.severity),
    ['error', 'recovery'],
  );
  await b({ ...event, id: 'e4' }); // fails again after the recovery: never swallowed
  assert.deepEqual(
    h.alerts.map((x) => x.severity),
    ['error', 'recovery', 'error'],
  );
});
