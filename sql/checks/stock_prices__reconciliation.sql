-- Check: for this slot, API total = raw rows = rows the Spark job read, and curated rows = loaded rows.
-- Must return zero rows. The transform row is the one the load stage records from the job's
-- `_SUCCESS` manifest (the Parquet row count). Raw and curated rows may differ by design: when the API
-- sends a key twice the job keeps the last occurrence, so raw is compared with what the job read.
with runs as (
  select stage, rows_in, rows_out, api_total
  from ops.pipeline_runs
  where source = @source and dataset = @dataset and slot_id = @slot_id and status = 'succeeded'
  qualify row_number() over (partition by stage order by finished_at desc) = 1
),
loaded as (
  select count(*) as loaded_rows
  from core.stock_prices
  where base_date = @slot_date
)
select e.api_total, e.rows_out as raw_rows, t.rows_in as transform_rows_in, t.rows_out as curated_rows, l.loaded_rows
from runs as e
join runs as t on e.stage = 'extract' and t.stage = 'transform'
cross join loaded as l
where not (e.api_total = e.rows_out and e.rows_out = t.rows_in and t.rows_out = l.loaded_rows);
