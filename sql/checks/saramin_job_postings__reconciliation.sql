-- Check: for this slot, API total = raw rows = curated rows = loaded rows. Must return zero rows.
-- Reads the latest succeeded extract and transform rows of the run ledger and the slot's raw table rows.
with runs as (
  select stage, rows_in, rows_out, api_total
  from ops.pipeline_runs
  where source = @source and dataset = @dataset and slot_id = @slot_id and status = 'succeeded'
  qualify row_number() over (partition by stage order by finished_at desc) = 1
),
loaded as (
  select count(*) as loaded_rows
  from raw.saramin_job_postings
  where _slot_date = @slot_date and _slot_id = @slot_id
)
select e.api_total, e.rows_out as raw_rows, t.rows_in as transform_rows_in, t.rows_out as curated_rows, l.loaded_rows
from runs as e
join runs as t on e.stage = 'extract' and t.stage = 'transform'
cross join loaded as l
where not (e.api_total = e.rows_out and e.rows_out = t.rows_in and t.rows_out = l.loaded_rows);
