/**
 * Transform: raw object finalized -> typed rows as NDJSON in the curated bucket, or, for sources
 * whose transform is a Spark job, an ephemeral cluster run that writes Parquet + `_SUCCESS`.
 */
import type { StageHandler } from '../core/policy.js';
import { kstParts } from '../core/slots.js';
import type { StageDeps } from './deps.js';
import { curatedFolderName, curatedObjectName, rawObjectName } from './objects.js';
import { openObjectEvent } from './object-event.js';
import { createHash } from 'node:crypto';

export function makeTransformHandler(deps: StageDeps): StageHandler {
  return async (event, run) => {
    const work = await openObjectEvent(deps, event, run);
    if ('skip' in work) return work.skip;
    const { def, slot, object } = work;

    if (def.transform.kind === 'spark') {
      // A cluster run is expensive: claim this generation create-only so a redelivered event,
      // even after the run finished, never starts a second cluster. A new generation (a rerun
      // with `backfill --force`) gets a new claim.
      const claim = await deps.store.write(
        object.bucket,
        `_claims/transform/${object.name}#${object.generation}`,
        run.eventId,
        {
          contentType: 'text/plain',
          ifAbsent: true,
        },
      );
      if (!claim.written)
        return {
          status: 'skipped',
          note: `spark run for generation ${object.generation} already started`,
        };
      const date = kstParts(slot.start).date;
      const hash = createHash('sha256')
        .update(`${run.slotId}/${object.generation}`)
        .digest('hex')
        .slice(0, 6);
      const name = `${def.source}-${date.replaceAll('-', '')}-${hash}`.replace(/[^a-z0-9-]/g, '-');
      const { operation } = await deps.clusters.submit({
        name,
        source: def.source,
        slotId: run.slotId,
        mainPythonFile: def.transform.mainPythonFile,
        args: [
          '--raw-root',
          deps.store.uri(object.bucket, `${def.source}/${def.dataset}`),
          '--date',
          date,
          '--lookback-days',
          String(deps.config.lookbackDays),
          '--output',
          deps.store.uri(deps.store.bucket('curated'), curatedFolderName(def, slot)),
        ],
        labels: {
          pipeline: 'korea-data',
          source: def.source,
          slot: date,
          'cost-center': 'data-platform',
        },
      });
      return { status: 'submitted', note: `spark run ${name} (${operation})` };
    }

    const raw = (await deps.store.read(object)).toString('utf8');
    const { rows, rawRows } = def.transform.toRows(raw, slot);
    const lineage = {
      _slot_id: run.slotId,
      _slot_date: kstParts(slot.start).date,
      _raw_object: rawObjectName(def, slot),
      _raw_generation: object.generation,
    };
    const ndjson =
      rows.map((r) => JSON.stringify({ ...r, ...lineage })).join('\n') + (rows.length ? '\n' : '');
    const ref = await deps.store.write(
      deps.store.bucket('curated'),
      curatedObjectName(def, slot),
      ndjson,
      {
        contentType: 'application/x-ndjson',
        metadata: {
          source: def.source,
          dataset: def.dataset,
          slot: run.slotId,
          rows: String(rows.length),
          raw_generation: object.generation,
        },
        skipIfUnchanged: true,
      },
    );
    return {
      status: 'succeeded',
      rowsIn: rawRows,
      rowsOut: rows.length,
      object: ref,
      contentMd5: createHash('md5').update(ndjson).digest('base64'),
    };
  };
}
