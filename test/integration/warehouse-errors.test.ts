/**
 * 12.3: warehouse errors that no retry can fix are permanent (quarantined, one alert), not retried
 * into the dead letter: real DuckDB errors through the local warehouse's classification.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { duckDbError } from '../../functions/adapters/local/duckdb.js';
import { ConfigError, PermanentError, TransientError } from '../../functions/core/errors.js';
import { tempRuntime } from '../support/runtime.js';

function load(rt: Awaited<ReturnType<typeof tempRuntime>>, name: string, ndjson: string) {
  const path = rt.store.uri(rt.config.buckets.curated, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, ndjson);
  return rt.warehouse.mergeSlot({
    source: 'saramin',
    dataset: 'job_postings',
    slotId: '2025-09-15T09:00+09:00/PT1H',
    slotStart: new Date('2025-09-15T00:00:00Z'),
    slotEnd: new Date('2025-09-15T01:00:00Z'),
    slotDate: '2025-09-15',
    object: { bucket: rt.config.buckets.curated, name, generation: '1' },
    jobId: `load_test_${name.replace(/\W/g, '_')}`,
    rawTable: 'raw.saramin_job_postings',
    statements: [],
  });
}

test('a constraint violation or a value of the wrong type is a permanent warehouse error', async () => {
  const rt = await tempRuntime();
  try {
    await assert.rejects(
      load(
        rt,
        'bad/null-key.ndjson',
        '{"posting_id": null, "_slot_id": "x", "_slot_date": "2025-09-15"}\n',
      ),
      (e: unknown) => e instanceof PermanentError && e.code.startsWith('WAREHOUSE.'),
    );
    await assert.rejects(
      load(
        rt,
        'bad/type.ndjson',
        '{"posting_id": "1", "_slot_id": "x", "_slot_date": "not a date"}\n',
      ),
      (e: unknown) => e instanceof PermanentError,
    );
  } finally {
    await rt.close();
  }
});

test('duckDbError: missing tables are configuration, I/O is transient', () => {
  assert.ok(
    duckDbError(new Error('Catalog Error: Table with name x does not exist!'), 'q') instanceof
      ConfigError,
  );
  assert.ok(duckDbError(new Error('IO Error: Could not read file'), 'q') instanceof TransientError);
  assert.ok(
    duckDbError(new Error('Constraint Error: NOT NULL constraint failed'), 'q') instanceof
      PermanentError,
  );
});
