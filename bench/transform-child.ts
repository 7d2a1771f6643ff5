/**
 * One transform of one raw object in a fresh process, for bench section 4: reads the object's bytes
 * (as the store returns them) and runs the transform stage's path on them (parse the exchanges,
 * saraminToRows, validateRows, NDJSON bytes). Prints one JSON line: peak RSS (MiB), the RSS of the
 * bare process before the work, rows, and milliseconds.
 *   node --import tsx bench/transform-child.ts <raw object .jsonl>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { validateRows } from '../functions/core/table.js';
import { saraminJobPostings } from '../functions/sources/saramin/tables.js';
import { saraminToRows } from '../functions/sources/saramin/transform.js';
import { ndjsonBytes, parseRawObject } from '../functions/stages/objects.js';

const mib = (bytes: number) => bytes / 1024 / 1024;
const before = mib(process.memoryUsage().rss);
const t0 = performance.now();
const path = process.argv[2]!;
const { tables } = saraminToRows(parseRawObject(path, readFileSync(path)));
const rows = tables[saraminJobPostings.name]!;
validateRows(saraminJobPostings, rows, 'SARAMIN');
const bytes = ndjsonBytes(rows, {
  _slot_id: '2025-09-15T10:00+09:00/PT1H',
  _slot_date: '2025-09-15',
  _raw_object: path,
  _raw_generation: '1',
});
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    peakMiB: process.resourceUsage().maxRSS / 1024,
    bareMiB: before,
    rows: rows.length,
    outMB: bytes.length / 1e6,
    ms,
  }),
);
