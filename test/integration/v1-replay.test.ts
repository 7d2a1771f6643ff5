/**
 * Raw objects written before source contract v2 (`<slot>.json`: a JSON array of the page bodies)
 * still replay: dropped into the raw bucket, they are transformed and loaded like v2 objects
 * (`<slot>.jsonl`, one exchange per line), and give the same core table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { LocalRuntime } from '../../functions/adapters/local/runtime.js';
import { runWindow, tableHash, tempRuntime } from '../support/runtime.js';

const runtimes: LocalRuntime[] = [];
after(async () => {
  for (const rt of runtimes) await rt.close();
});

test('a v1 raw object replays to the same core rows as its v2 extract', async () => {
  const v2 = await tempRuntime();
  runtimes.push(v2);
  await runWindow(v2, 'saramin', '2025-09-15T10:00', '2025-09-15T11:00');
  const name = 'saramin/job_postings/dt=2025-09-15/slot=1000';
  const exchanges = readFileSync(v2.store.uri(v2.config.buckets.raw, `${name}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { body: string });
  // Exactly what the v1 extract stored: the page bodies, verbatim, as one JSON array.
  const v1Body = `[${exchanges.map((x) => x.body).join(',\n')}]`;

  const v1 = await tempRuntime();
  runtimes.push(v1);
  await v1.store.write(v1.config.buckets.raw, `${name}.json`, v1Body, {
    contentType: 'application/json',
  });
  await v1.bus.drain();
  const state = await v1.warehouse.slotStatus(
    'saramin',
    'job_postings',
    '2025-09-15T10:00+09:00/PT1H',
  );
  assert.equal(state.transform, 'succeeded');
  assert.equal(state.load, 'succeeded');
  const sql = 'select * from core.job_postings';
  const a = await tableHash(v2, sql);
  assert.ok(a.rows > 100);
  assert.deepEqual(await tableHash(v1, sql), a);
});
