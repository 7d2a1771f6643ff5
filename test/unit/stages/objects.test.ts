import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Exchange } from '../../../functions/core/http.js';
import {
  NdjsonWriter,
  ndjsonBytes,
  parseRawObject,
  serializeExchanges,
} from '../../../functions/stages/objects.js';

const exchange = (key: string, body: string): Exchange => ({
  key,
  request: { method: 'GET', url: 'https://example.test/x' },
  status: 200,
  contentType: 'application/json',
  body,
});

test('parseRawObject reads the same exchanges from the bytes as from the text', () => {
  const xs = [exchange('page-1', '{"a":"서울 &gt; 강남구"}'), exchange('page-2', '{}')];
  const text = serializeExchanges(xs);
  assert.deepEqual(parseRawObject('a.jsonl', Buffer.from(text)), xs);
  assert.deepEqual(parseRawObject('a.jsonl', text), xs);
  // A blank line is skipped; the line number of a broken line counts it.
  assert.throws(
    () => parseRawObject('a.jsonl', Buffer.from(`${text}\n{not json\n`)),
    /line 4 is not JSON/,
  );
});

test('ndjsonBytes writes exactly JSON.stringify({ ...row, ...lineage }) per line', () => {
  const lineage = {
    _slot_id: 's',
    _slot_date: '2025-09-15',
    _raw_object: 'o',
    _raw_generation: '1',
  };
  const rows = [
    { id: 'a', names: ['서울', '"q"'], n: 1, none: null, gone: undefined },
    {},
    { id: 'b\n' },
  ];
  const expected = rows.map((r) => `${JSON.stringify({ ...r, ...lineage })}\n`).join('');
  assert.equal(ndjsonBytes(rows, lineage).toString('utf8'), expected);
  for (const line of expected.trim().split('\n')) JSON.parse(line);
  assert.equal(ndjsonBytes([], lineage).length, 0);
  // Past the chunk size the bytes are still one valid document.
  const many = Array.from({ length: 30_000 }, (_, i) => ({ id: `row-${i}`, text: 'x'.repeat(40) }));
  assert.equal(
    ndjsonBytes(many, lineage).toString('utf8'),
    many.map((r) => `${JSON.stringify({ ...r, ...lineage })}\n`).join(''),
  );
});

test('a large output stays in ~1 MB parts, in order, that join into the one document', () => {
  const lineage = { _slot_id: 's' };
  const writer = new NdjsonWriter(lineage);
  const rows = Array.from({ length: 60_000 }, (_, i) => ({ id: `row-${i}`, text: 'x'.repeat(40) }));
  writer.add(rows.slice(0, 1));
  writer.add(rows.slice(1));
  const parts = writer.parts();
  assert.ok(parts.length >= 3, `several parts (${parts.length}), never joined by the writer`);
  assert.ok(
    parts.every((p) => p.length <= (1 << 20) + 200),
    'each part about 1 MB at most',
  );
  assert.equal(
    Buffer.concat(parts).toString('utf8'),
    rows.map((r) => `${JSON.stringify({ ...r, ...lineage })}\n`).join(''),
  );
  assert.equal(writer.rows, rows.length);
});
