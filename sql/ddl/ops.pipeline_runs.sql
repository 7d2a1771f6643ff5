-- Table: ops.pipeline_runs (the run ledger)
-- Grain: one row per stage execution (extract, transform, load, dead_letter, sweep) of one slot.
-- Key: run_id. Latest state of a slot+stage: the newest row whose status is not 'skipped'.
-- Partition: date of started_at. Cluster: source, dataset, slot_id.
create table if not exists ops.pipeline_runs (
  run_id string not null,
  source string not null,
  dataset string not null,
  slot_id string not null,
  stage string not null,
  status string not null,
  object string,
  generation string,
  content_md5 string,
  rows_in int64,
  rows_out int64,
  api_total int64,
  error_code string,
  error_message string,
  attempt int64,
  event_id string,
  started_at timestamp not null,
  finished_at timestamp not null,
  duration_ms int64
)
partition by date(started_at)
cluster by source, dataset, slot_id
options (description = 'Run ledger: one row per stage execution');
