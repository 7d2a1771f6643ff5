import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseSlot } from '../../../functions/core/slots.js';
import { slotUnit } from '../../../functions/core/units.js';
import { saramin } from '../../../functions/sources/saramin/index.js';
import { saraminToRows } from '../../../functions/sources/saramin/transform.js';
import { legacyExchanges, serializeExchanges } from '../../../functions/stages/objects.js';
import { rowsToNdjson } from '../../../functions/stages/transform.js';

const jobs = JSON.parse(
  readFileSync(new URL('../../fixtures/saramin/jobs.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];
const pages = (list: unknown[]) =>
  Array.from({ length: Math.ceil(list.length / 50) }, (_, p) => ({
    jobs: { count: 50, start: p, total: String(list.length), job: list.slice(p * 50, p * 50 + 50) },
  }));
const raw = (list: unknown[]) =>
  Buffer.from(serializeExchanges(legacyExchanges(JSON.stringify(pages(list)))));
const unit = slotUnit(parseSlot('2025-09-15T10:00+09:00/PT1H'));
const lineage = {
  _slot_id: unit.id,
  _slot_date: unit.date,
  _raw_object: 'o',
  _raw_generation: '1',
};
const TABLE = 'raw.saramin_job_postings';

test('streamed page by page, a unit gives the same bytes as transformed at once', () => {
  assert.equal(saramin.transform.kind === 'rows' && saramin.transform.perExchange, true);
  const batched = { ...saramin, transform: { ...saramin.transform, perExchange: false } };
  const streamed = rowsToNdjson(saramin, unit, 'x.jsonl', raw(jobs), lineage);
  const once = rowsToNdjson(batched, unit, 'x.jsonl', raw(jobs), lineage);
  assert.equal(streamed.rawRows, jobs.length);
  assert.equal(streamed.tables.get(TABLE)!.rows, jobs.length);
  const bytes = (out: typeof once) => Buffer.concat(out.tables.get(TABLE)!.parts);
  assert.ok(bytes(streamed).equals(bytes(once)), 'the same bytes either way');
  const lines = bytes(streamed).toString('utf8').trim().split('\n');
  assert.equal(lines.length, jobs.length);
  assert.equal((JSON.parse(lines[0]!) as { _slot_id: string })._slot_id, unit.id);
});

test('drift on a later page names the row by its index in the unit', () => {
  const marked = jobs.map((j, i) => (i === 120 ? { ...j, id: 'DRIFT-120' } : j));
  // A transform that adds an undeclared column to that one row: drift, found on the third page.
  const drifting: typeof saramin = {
    ...saramin,
    transform: {
      kind: 'rows',
      perExchange: true,
      toRows: (exchanges) => {
        const out = saraminToRows(exchanges);
        for (const row of out.tables[TABLE]!) if (row.posting_id === 'DRIFT-120') row.surprise = 1;
        return out;
      },
    },
  };
  assert.throws(
    () => rowsToNdjson(drifting, unit, 'x.jsonl', raw(marked), lineage),
    (error: Error & { code?: string }) =>
      error.code === 'SARAMIN.SCHEMA_DRIFT' &&
      /row 120: surprise is not a column/.test(error.message),
  );
});
