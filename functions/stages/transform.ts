/**
 * Transform: raw object finalized -> one NDJSON file per declared table in the unit's curated
 * folder, then `_SUCCESS` (a small manifest) last: the load's one trigger. Every row is checked
 * against its table's declaration first: drift quarantines the raw object (with its bodies) and
 * loads nothing. Spark sources instead start an ephemeral cluster run that writes Parquet +
 * `_SUCCESS` into the same folder.
 */
import { createHash } from 'node:crypto';
import { PipelineError } from '../core/errors.js';
import type { Exchange } from '../core/http.js';
import type { StageHandler } from '../core/policy.js';
import { validateRows } from '../core/table.js';
import type { Unit } from '../core/units.js';
import type { SourceDefinition } from '../sources/types.js';
import type { StageDeps } from './deps.js';
import {
  curatedFolderName,
  curatedTableName,
  NdjsonWriter,
  parseRawObject,
  rawExchanges,
} from './objects.js';
import { openObjectEvent } from './object-event.js';

export interface Manifest {
  unit: string;
  raw_object: string;
  raw_generation: string;
  /** Table name -> curated object name and row count. */
  tables: Record<string, { object: string; rows: number }>;
}

/**
 * A raw object's bytes -> NDJSON bytes and row count per declared table (lineage columns appended).
 * Each table's rows are checked against its declaration (drift throws `<SRC>.SCHEMA_DRIFT`) and
 * encoded as they come: in one batch for the unit, or one exchange at a time when the source's rows
 * depend on each exchange alone (`perExchange`), so a large unit never holds all its rows at once.
 */
export function rowsToNdjson(
  def: SourceDefinition,
  unit: Unit,
  objectName: string,
  bytes: Buffer,
  lineage: Record<string, unknown>,
): { tables: Map<string, { bytes: Buffer; rows: number }>; rawRows: number } {
  const transform = def.transform;
  if (transform.kind !== 'rows') throw new Error(`${def.source} is not a rows transform`);
  const writers = new Map(def.tables.map(({ table }) => [table.name, new NdjsonWriter(lineage)]));
  const prefix = def.source.toUpperCase();
  let rawRows = 0;
  const take = (exchanges: Exchange[]) => {
    const out = transform.toRows(exchanges, unit);
    rawRows += out.rawRows;
    for (const { table } of def.tables) {
      const rows = out.tables[table.name] ?? [];
      const writer = writers.get(table.name)!;
      validateRows(table, rows, prefix, undefined, writer.rows);
      writer.add(rows);
    }
  };
  if (transform.perExchange)
    for (const exchange of rawExchanges(objectName, bytes)) take([exchange]);
  else take(parseRawObject(objectName, bytes));
  const tables = new Map<string, { bytes: Buffer; rows: number }>();
  for (const [name, writer] of writers)
    tables.set(name, { bytes: writer.bytes(), rows: writer.rows });
  return { tables, rawRows };
}

export function makeTransformHandler(deps: StageDeps): StageHandler {
  return async (event, run) => {
    const work = await openObjectEvent(deps, event, run);
    if ('skip' in work) return work.skip;
    const { def, unit, object } = work;

    if (def.transform.kind === 'spark') {
      // A cluster run is expensive: claim this generation create-only BEFORE submitting, so a
      // redelivered event (even one delivered concurrently, or after the run finished) never starts
      // a second cluster. A new generation (a rerun with `backfill --force`) gets a new claim.
      // A submit that fails with a transient or configuration error releases the claim (this
      // generation only) before the error goes to the policy, so the platform's retry, or a replay of
      // the dead letter, can submit again instead of skipping forever. A timeout that did reach
      // Dataproc is harmless to retry: the request id derives from the run name and is de-duplicated.
      const claim = await deps.store.write(
        object.bucket,
        `_claims/transform/${object.name}#${object.generation}`,
        run.eventId,
        { contentType: 'text/plain', ifAbsent: true },
      );
      if (!claim.written)
        return {
          status: 'skipped',
          note: `spark run for generation ${object.generation} already started`,
        };
      const hash = createHash('sha256')
        .update(`${run.slotId}/${object.generation}`)
        .digest('hex')
        .slice(0, 6);
      const name = `${def.source}-${unit.date.replaceAll('-', '')}-${hash}`.replace(
        /[^a-z0-9-]/g,
        '-',
      );
      const submitted = deps.clusters.submit({
        name,
        source: def.source,
        slotId: run.slotId,
        mainPythonFile: def.transform.mainPythonFile,
        args: [
          '--raw-root',
          deps.store.uri(object.bucket, `${def.source}/${def.dataset}`),
          '--date',
          unit.date,
          '--lookback-days',
          String(deps.config.lookbackDays),
          '--output',
          deps.store.uri(deps.store.bucket('curated'), curatedFolderName(def, unit)),
        ],
        labels: {
          pipeline: 'korea-data',
          source: def.source,
          slot: unit.date,
          'cost-center': 'data-platform',
        },
      });
      let operation: string;
      try {
        ({ operation } = await submitted);
      } catch (error) {
        // A permanent failure keeps the claim: the job ran and failed on its input (local Spark), or
        // the request can never run; only a new generation runs again.
        if (!(error instanceof PipelineError && error.kind === 'permanent'))
          await deps.store.remove(claim);
        throw error;
      }
      return { status: 'submitted', note: `spark run ${name} (${operation})` };
    }

    const lineage = {
      _slot_id: unit.id,
      _slot_date: unit.date,
      _raw_object: object.name,
      _raw_generation: object.generation,
    };
    const { tables, rawRows } = rowsToNdjson(
      def,
      unit,
      object.name,
      await deps.store.read(object),
      lineage,
    );
    const curated = deps.store.bucket('curated');
    const manifest: Manifest = {
      unit: unit.id,
      raw_object: object.name,
      raw_generation: object.generation,
      tables: {},
    };
    let rowsOut = 0;
    const digest = createHash('md5');
    for (const { table } of def.tables) {
      const { bytes: ndjson, rows } = tables.get(table.name)!;
      tables.delete(table.name); // written below: let the bytes go before the next table
      const name = curatedTableName(def, unit, table.name);
      await deps.store.write(curated, name, ndjson, {
        contentType: 'application/x-ndjson',
        metadata: {
          source: def.source,
          dataset: def.dataset,
          slot: run.slotId,
          rows: String(rows),
        },
        skipIfUnchanged: true,
      });
      manifest.tables[table.name] = { object: name, rows };
      rowsOut += rows;
      digest.update(ndjson);
    }
    const ref = await deps.store.write(
      curated,
      `${curatedFolderName(def, unit)}/_SUCCESS`,
      JSON.stringify(manifest, null, 1),
      {
        contentType: 'application/json',
        metadata: {
          source: def.source,
          dataset: def.dataset,
          slot: run.slotId,
          rows: String(rowsOut),
          raw_generation: object.generation,
        },
        skipIfUnchanged: true,
      },
    );
    return {
      status: 'succeeded',
      rowsIn: rawRows,
      rowsOut,
      object: ref,
      contentMd5: digest.digest('base64'),
    };
  };
}
