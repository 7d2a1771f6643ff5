-- Check: for this unit, API records = raw records = transformed observations = loaded rows. Must return zero rows.
-- A partial unit (some places failed) reconciles over the places that answered.
with runs as (
  select stage, rows_in, rows_out, api_total
  from ops.pipeline_runs
  where source = @source and dataset = @dataset and slot_id = @slot_id and status in ('succeeded', 'partial')
  qualify row_number() over (partition by stage order by finished_at desc) = 1
),
loaded as (
  select count(*) as loaded_rows
  from raw.seoul_population
  where _slot_date = @slot_date and _slot_id = @slot_id
)
select e.api_total, e.rows_out as raw_rows, t.rows_in as transform_rows_in, l.loaded_rows
from runs as e
join runs as t on e.stage = 'extract' and t.stage = 'transform'
cross join loaded as l
where not (e.api_total = e.rows_out and e.rows_out = t.rows_in and t.rows_in = l.loaded_rows);
