// One timing of bench section 1 in a fresh process, on the compiled JavaScript of ROOT/dist (as a
// function runs it): one warm-up, then the median of RUNS runs of MODE on the raw object's bytes.
//   bare  - the Node baseline without types: each line and page parsed, each job re-serialized
//   typed - the plain typed baseline: the same parsing, each job -> its typed row by the source's
//           own mapping (jobToRow), the lineage spread in, JSON.stringify per row, one Buffer
//   stage - the transform stage's path (rowsToNdjson: streaming, validation, NDJSON writer)
// Prints one JSON line: {"ms": ..., "rows": ..., "same": typed's bytes equal the stage's}.
//   node bench/speed-child.mjs ROOT MODE RAW_OBJECT [RUNS]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, mode, path, runs = '3'] = process.argv.slice(2);
const dist = (file) => import(pathToFileURL(join(root, 'dist', 'functions', file)).href);
const [{ saramin }, { jobToRow }, { parseUnitId }, { rowsToNdjson }] = await Promise.all([
  dist('sources/saramin/index.js'),
  dist('sources/saramin/transform.js'),
  dist('core/units.js'),
  dist('stages/transform.js'),
]);
const bytes = readFileSync(path);
const unit = parseUnitId('2025-09-15T10:00+09:00/PT1H');
const lineage = {
  _slot_id: unit.id,
  _slot_date: unit.date,
  _raw_object: path,
  _raw_generation: '1',
};

function pages(each) {
  for (const line of bytes.toString('utf8').split('\n')) {
    if (line === '') continue;
    for (const job of JSON.parse(JSON.parse(line).body).jobs.job) each(job);
  }
}

const MODES = {
  bare: () => {
    const lines = [];
    pages((job) => lines.push(`${JSON.stringify(job)}\n`));
    return { rows: lines.length, out: Buffer.from(lines.join('')) };
  },
  typed: () => {
    const lines = [];
    pages((job) => lines.push(`${JSON.stringify({ ...jobToRow(job), ...lineage })}\n`));
    return { rows: lines.length, out: Buffer.from(lines.join('')) };
  },
  stage: () => {
    const t = rowsToNdjson(saramin, unit, path, bytes, lineage).tables.get(
      'raw.saramin_job_postings',
    );
    // Joined here, as the baselines join theirs: the stage itself hands its parts to the store.
    return { rows: t.rows, out: Buffer.concat(t.parts) };
  },
};

const run = MODES[mode];
if (!run) throw new Error(`mode must be one of ${Object.keys(MODES).join(', ')}`);
const { rows, out } = run();
// The typed baseline does the stage's work: the same bytes out (checked once, untimed).
const same = mode === 'typed' ? out.equals(MODES.stage().out) : undefined;
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const t0 = performance.now();
  run();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ ms: times[Math.floor(times.length / 2)], rows, same }));
