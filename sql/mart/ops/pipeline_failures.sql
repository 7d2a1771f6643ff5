-- grain: one row per failed stage run (the latest first)
-- materialized: view
-- Key: run_id.
-- Input: ops.pipeline_runs. `object` is the quarantined object (or dead letter) when there is one.
-- dashboard: {"page": "health", "title": "최근 실패 · Last failures", "chart": "table", "columns": ["finished_at", "source", "stage", "slot_id", "status", "error_code", "error_message"], "sort": "finished_at", "limit": 20, "filters": {"date": "day_kst"}, "empty": "No failures recorded."}
-- dashboard: {"page": "health", "title": "격리된 객체 · Quarantined objects", "chart": "table", "columns": ["finished_at", "source", "stage", "slot_id", "error_code", "object"], "where": {"status": "quarantined"}, "sort": "finished_at", "limit": 20, "filters": {"date": "day_kst"}, "empty": "Nothing quarantined."}
create or replace view mart.pipeline_failures as
select
  run_id,
  source,
  dataset,
  slot_id,
  stage,
  status,
  error_code,
  error_message,
  object,
  finished_at,
  date(finished_at, 'Asia/Seoul') as day_kst
from ops.pipeline_runs
where status in ('failed', 'quarantined', 'check_failed', 'partial');
