/**
 * One transform of one raw object in a fresh process, for bench section 4: reads the object's bytes
 * (as the store returns them) and runs the transform stage's path on them (rowsToNdjson: exchanges
 * parsed, turned into rows, validated and encoded one page at a time). Prints one JSON line: peak
 * RSS (MiB), the RSS of the bare process before the work, rows, and milliseconds.
 *   node --import tsx bench/transform-child.ts <raw object .jsonl>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseSlot } from '../functions/core/slots.js';
import { slotUnit } from '../functions/core/units.js';
import { saramin } from '../functions/sources/saramin/index.js';
import { rowsToNdjson } from '../functions/stages/transform.js';

const mib = (bytes: number) => bytes / 1024 / 1024;
const before = mib(process.memoryUsage().rss);
const t0 = performance.now();
const path = process.argv[2]!;
const slot = '2025-09-15T10:00+09:00/PT1H';
const { tables } = rowsToNdjson(saramin, slotUnit(parseSlot(slot)), path, readFileSync(path), {
  _slot_id: slot,
  _slot_date: '2025-09-15',
  _raw_object: path,
  _raw_generation: '1',
});
const { bytes, rows } = tables.get('raw.saramin_job_postings')!;
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    peakMiB: process.resourceUsage().maxRSS / 1024,
    bareMiB: before,
    rows,
    outMB: bytes.length / 1e6,
    ms,
  }),
);
