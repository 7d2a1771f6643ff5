// One transform of one raw object in a fresh process, for bench section 4: the transform stage's
// path (rowsToNdjson: exchanges parsed, turned into rows, validated and encoded, page by page for a
// streaming source) on the object's bytes as the store returns them, then each table's NDJSON
// written in its parts through the embedded runtime's object store (into a temporary folder), run
// from the compiled JavaScript of ROOT/dist as a function runs it. Prints one JSON line: peak RSS
// (MiB), the RSS of the process before the work, rows per table and milliseconds.
//   node bench/transform-child.mjs ROOT SOURCE UNIT_ID RAW_OBJECT
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { peakMiB } from './peak-rss.mjs';

const [root, source, unitId, path] = process.argv.slice(2);
const dist = (file) => import(pathToFileURL(join(root, 'dist', 'functions', file)).href);
const [{ getSource }, { parseUnitId }, { rowsToNdjson }, { LocalObjectStore }] = await Promise.all([
  dist('sources/registry.js'),
  dist('core/units.js'),
  dist('stages/transform.js'),
  dist('adapters/local/buckets.js'),
]);
const folder = mkdtempSync(join(tmpdir(), 'bench-transform-'));
const store = new LocalObjectStore(
  folder,
  { raw: 'raw', curated: 'curated', quarantine: 'quarantine' },
  () => {},
);
const mib = (bytes) => bytes / 1024 / 1024;

const before = mib(process.memoryUsage().rss);
const t0 = performance.now();
const unit = parseUnitId(unitId);
const { tables } = rowsToNdjson(getSource(source), unit, path, readFileSync(path), {
  _slot_id: unit.id,
  _slot_date: unit.date,
  _raw_object: path,
  _raw_generation: '1',
});
for (const [name, { parts }] of tables)
  await store.write('curated', `${name}.jsonl`, parts, { contentType: 'application/x-ndjson' });
const ms = performance.now() - t0;
rmSync(folder, { recursive: true, force: true });
console.log(
  JSON.stringify({
    peakMiB: peakMiB(),
    bareMiB: before,
    rows: Object.fromEntries([...tables].map(([name, t]) => [name, t.rows])),
    ms,
  }),
);
