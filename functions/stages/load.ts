/**
 * Load: curated object finalized -> BigQuery. NDJSON sources replace the slot's rows in their raw
 * table and MERGE into core; Spark sources overwrite the slot date's partition, triggered only by
 * `_SUCCESS`. Job ids come from (source, dataset, slot, generation): a redelivered event finds its
 * job already done; a new generation of the slot loads again. Then the data-quality checks run.
 */
import type { StageHandler } from '../core/policy.js';
import { kstParts, slotEnd } from '../core/slots.js';
import { slotParams } from '../core/sqlparams.js';
import type { StageDeps } from './deps.js';
import { jobId } from './objects.js';
import { openObjectEvent } from './object-event.js';
import { readSql } from '../sqlfiles.js';

export function makeLoadHandler(deps: StageDeps): StageHandler {
  return async (event, run) => {
    const work = await openObjectEvent(deps, event, run);
    if ('skip' in work) return work.skip;
    const { def, slot, object } = work;
    if (def.load.mode === 'partition' && !object.name.endsWith('/_SUCCESS')) {
      return { status: 'ignored', note: 'part file; loads start from _SUCCESS' };
    }
    const load = {
      source: def.source,
      dataset: def.dataset,
      slotId: run.slotId,
      slotStart: new Date(slot.start),
      slotEnd: new Date(slotEnd(slot)),
      slotDate: kstParts(slot.start).date,
      object: run.object!,
      jobId: jobId('load', def, slot, object.generation),
    };
    const result =
      def.load.mode === 'merge'
        ? await deps.warehouse.mergeSlot({
            ...load,
            rawTable: def.load.rawTable,
            models: def.load.models,
          })
        : await deps.warehouse.overwritePartition({
            ...load,
            table: def.load.table,
            partitionField: def.load.partitionField,
          });
    if (!result.ran)
      return { status: 'skipped', note: `job ${load.jobId} already ran (duplicate event)` };

    const curatedRows = object.metadata.rows;
    const rowsIn = curatedRows === undefined ? null : Number(curatedRows);
    const params = slotParams(load);
    const failed: string[] = [];
    for (const check of def.checks) {
      const rows = await deps.warehouse.query(readSql(check), params);
      if (rows.length > 0)
        failed.push(
          `${check} (${rows.length} rows, e.g. ${JSON.stringify(rows[0]).slice(0, 200)})`,
        );
    }
    if (failed.length > 0) {
      await deps.alerts.send({
        severity: 'warning',
        title: `Data-quality check failed: ${def.source}/${def.dataset}`,
        text: `Slot ${run.slotId}:\n${failed.join('\n')}`,
        key: `${def.source}/${def.dataset}/${run.slotId}/checks`,
      });
      return {
        status: 'check_failed',
        rowsIn,
        rowsOut: result.rowsLoaded,
        note: `${failed.length} check(s) failed`,
      };
    }
    return { status: 'succeeded', rowsIn, rowsOut: result.rowsLoaded };
  };
}
