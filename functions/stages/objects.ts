/**
 * Deterministic object names: running a unit again overwrites the same object.
 *   raw:     <source>/<dataset>/<unit path>.jsonl          one JSON line per HTTP exchange
 *   curated: <source>/<dataset>/<unit path>/<table>.ndjson  one file per declared table, then
 *            <source>/<dataset>/<unit path>/_SUCCESS        written last: the load's trigger
 *            (a Spark transform writes Parquet part files and its own _SUCCESS into the same folder)
 * Raw objects of contract v1 (`.json`: a JSON array of page bodies) still replay (legacyExchanges).
 */
import type { Exchange } from '../core/http.js';
import { PermanentError } from '../core/errors.js';
import type { Unit } from '../core/units.js';
import type { SourceDefinition } from '../sources/types.js';

export function rawObjectName(def: SourceDefinition, unit: Unit): string {
  return `${def.source}/${def.dataset}/${unit.path}.jsonl`;
}

/** Folder a transform writes its table files (or Parquet part files) and `_SUCCESS` into. */
export function curatedFolderName(def: SourceDefinition, unit: Unit): string {
  return `${def.source}/${def.dataset}/${unit.path}`;
}

export function curatedTableName(def: SourceDefinition, unit: Unit, table: string): string {
  return `${curatedFolderName(def, unit)}/${table}.ndjson`;
}

/**
 * Batched Spark runs (docs/architecture.md, "Batched Spark runs"). A backfill's extract message with
 * `"batch": true` writes its raw object with this metadata: the transform leaves that generation to
 * a batch run. The batch itself is a request object in the raw bucket, `_batches/<source>/<dataset>/
 * <first date>_<last date>.json` = {source, dataset, slots}, whose finalize event starts ONE run
 * for all its days. `_`-prefixed: no data stage mistakes it for a unit.
 */
export const DEFERRED_METADATA = { key: 'transform', value: 'batch' } as const;
export const BATCH_PREFIX = '_batches/';

export function batchObjectName(def: SourceDefinition, units: readonly Unit[]): string {
  return `${BATCH_PREFIX}${def.source}/${def.dataset}/${units[0]!.date}_${units.at(-1)!.date}.json`;
}

/** BigQuery job ids allow [A-Za-z0-9_-], up to 1024 characters. */
export function jobId(kind: string, def: SourceDefinition, unit: Unit, generation: string): string {
  return `${kind}_${def.source}_${def.dataset}_${unit.path.replace(/\W+/g, '')}_${generation}`.replace(
    /[^\w-]/g,
    '_',
  );
}

export function serializeExchanges(exchanges: readonly Exchange[]): string {
  return exchanges.map((x) => JSON.stringify(x)).join('\n') + '\n';
}

/**
 * A raw object's exchanges, one at a time: JSON lines (contract v2) or a v1 JSON array of page
 * bodies. Takes the object's bytes as read: lines are decoded one at a time, so the whole object
 * is never also held as one (UTF-16) string.
 */
export function* rawExchanges(name: string, raw: Buffer | string): Generator<Exchange> {
  if (name.endsWith('.json')) {
    yield* legacyExchanges(raw.toString());
    return;
  }
  for (let start = 0, i = 0; start < raw.length; i++) {
    let end = raw.indexOf('\n', start);
    if (end < 0) end = raw.length;
    const line = typeof raw === 'string' ? raw.slice(start, end) : raw.toString('utf8', start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    let x: Partial<Exchange>;
    try {
      x = JSON.parse(line) as Partial<Exchange>;
    } catch {
      throw new PermanentError('RAW.NOT_JSONL', `raw object line ${i + 1} is not JSON`);
    }
    if (typeof x.body !== 'string' || typeof x.status !== 'number' || typeof x.key !== 'string')
      throw new PermanentError('RAW.NOT_EXCHANGE', `raw object line ${i + 1} is not an exchange`);
    yield x as Exchange;
  }
}

/** Every exchange of a raw object (see rawExchanges). */
export function parseRawObject(name: string, raw: Buffer | string): Exchange[] {
  return [...rawExchanges(name, raw)];
}

/**
 * NDJSON bytes built from rows, each row followed by the `extra` (lineage) columns: the same bytes
 * as `JSON.stringify({ ...row, ...extra })` per line, without copying every row into a new object.
 * The rows were validated against their declaration, so no row has a key of `extra`. Encoded in
 * chunks of about 1 MB, so the text is never held as one string beside its bytes, and the chunks
 * are written as they are (`parts()`), so the output is never held twice either.
 */
export class NdjsonWriter {
  private readonly tail: string;
  private readonly chunks: Buffer[] = [];
  private batch = '';
  rows = 0;

  constructor(extra: Record<string, unknown>) {
    this.tail = JSON.stringify(extra).slice(1); // `"_slot_id":...}`
  }

  add(rows: readonly Record<string, unknown>[]): void {
    for (const row of rows) {
      const json = JSON.stringify(row);
      this.batch += (json.length > 2 ? `${json.slice(0, -1)},` : '{') + this.tail + '\n';
      if (this.batch.length > 1 << 20) {
        this.chunks.push(Buffer.from(this.batch));
        this.batch = '';
      }
    }
    this.rows += rows.length;
  }

  /** The NDJSON so far as ~1 MB Buffers in order: written as they are (ObjectBody), never joined. */
  parts(): readonly Buffer[] {
    if (this.batch !== '') this.chunks.push(Buffer.from(this.batch));
    this.batch = '';
    return this.chunks;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts());
  }
}

export function ndjsonBytes(
  rows: readonly Record<string, unknown>[],
  extra: Record<string, unknown>,
): Buffer {
  const writer = new NdjsonWriter(extra);
  writer.add(rows);
  return writer.bytes();
}

/** v1 raw objects held the page bodies as one JSON array: each page becomes an HTTP 200 exchange. */
export function legacyExchanges(text: string): Exchange[] {
  let pages: unknown;
  try {
    pages = JSON.parse(text);
  } catch {
    throw new PermanentError('RAW.NOT_JSON', 'raw object (v1) is not JSON');
  }
  if (!Array.isArray(pages))
    throw new PermanentError('RAW.SHAPE', 'raw object (v1) must be a JSON array of pages');
  return pages.map((page, i) => ({
    key: `page-${i + 1}`,
    request: { method: 'GET', url: '(v1 raw object: request not recorded)' },
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify(page),
  }));
}
