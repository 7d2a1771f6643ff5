/**
 * The reconciliation every source gets, generated from its declarations (no per-source SQL file):
 * for the unit just loaded,
 *   API total = raw records the extract kept = records the transform read, and
 *   rows the transform wrote (all tables) = rows now in the warehouse for the unit.
 * A zero-row assertion like the files under sql/checks/: a returned row is the mismatch.
 * Where the rows are counted: a table landed per unit (modes raw, merge, replace) in its raw table's
 * rows of the unit (`_slot_id`); a partition-loaded table (Spark) in the unit date's partition. A
 * partial unit reconciles over what answered (the ledger's counts are the answered part's).
 */
import { rawTableOf } from '../core/table.js';
import type { SourceDefinition } from '../sources/types.js';

export function reconciliationSql(def: Pick<SourceDefinition, 'tables'>): string {
  const counts = def.tables.map((spec) =>
    spec.mode === 'partition'
      ? `(select count(*) from ${spec.table.name} where ${spec.table.partitionBy} = @slot_date)`
      : `(select count(*) from ${rawTableOf(spec.table)} where _slot_date = @slot_date and _slot_id = @slot_id)`,
  );
  return `with runs as (
  select stage, rows_in, rows_out, api_total
  from ops.pipeline_runs
  where source = @source and dataset = @dataset and slot_id = @slot_id and status in ('succeeded', 'partial')
  qualify row_number() over (partition by stage order by finished_at desc) = 1
),
loaded as (
  select ${counts.join('\n    + ')} as loaded_rows
)
select e.api_total, e.rows_out as raw_rows, t.rows_in as transform_rows_in, t.rows_out as curated_rows, l.loaded_rows
from runs as e
join runs as t on e.stage = 'extract' and t.stage = 'transform'
cross join loaded as l
where not (e.api_total = e.rows_out and e.rows_out = t.rows_in and t.rows_out = l.loaded_rows)`;
}
