-- grain: one row per alert the stages send, rebuilt from the ledger
-- materialized: view
-- Key: run_id.
-- Rule (functions/core/policy.ts, stages/extract.ts, stages/load.ts): failed and quarantined runs
--   alert at severity error, check_failed and partial at warning, empty at info, and a success
--   whose previous run of the same slot and stage failed or was quarantined sends a recovery.
-- dashboard: {"page": "health", "title": "보낸 알림 · Alerts sent per day", "chart": "bar", "x": "day_kst", "y": "alerts", "series": "severity", "stack": true, "filters": {"date": "day_kst"}, "empty": "No alerts sent."}
-- dashboard: {"page": "health", "title": "최근 알림 · Latest alerts", "chart": "table", "columns": ["finished_at", "severity", "source", "dataset", "stage", "slot_id", "error_code"], "sort": "finished_at", "limit": 20, "filters": {"date": "day_kst"}, "empty": "No alerts sent."}
create or replace view mart.pipeline_alerts as
with runs as (
  select
    run_id,
    source,
    dataset,
    slot_id,
    stage,
    status,
    error_code,
    finished_at,
    lag(status) over (
      partition by source, dataset, slot_id, stage
      order by finished_at, started_at
    ) as previous_status
  from ops.pipeline_runs
  where status != 'skipped'
)
select
  run_id,
  source,
  dataset,
  slot_id,
  stage,
  case
    when status in ('failed', 'quarantined') then 'error'
    when status in ('check_failed', 'partial') then 'warning'
    when status = 'empty' then 'info'
    else 'recovery'
  end as severity,
  status,
  error_code,
  finished_at,
  date(finished_at, 'Asia/Seoul') as day_kst,
  1 as alerts
from runs
where status in ('failed', 'quarantined', 'check_failed', 'partial', 'empty')
  or (status = 'succeeded' and previous_status in ('failed', 'quarantined'));
