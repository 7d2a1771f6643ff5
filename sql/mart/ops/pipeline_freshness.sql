-- grain: one row per source x dataset in the run ledger
-- materialized: view
-- tests: unique(source, dataset)
-- Key: (source, dataset).
-- Input: ops.pipeline_runs. Freshness is the time since the newest successful load; failures count
--   every failed, quarantined, check_failed or partial stage run.
-- dashboard: {"page": "health", "title": "소스별 최신성 · Hours since the last successful load", "chart": "bar", "x": "source", "y": "hours_since_load", "series": "dataset"}
-- dashboard: {"page": "health", "title": "소스별 상태 · Freshness per source", "chart": "table", "columns": ["source", "dataset", "latest_slot", "last_loaded_at", "hours_since_load", "loads", "failures", "last_run_at"]}
create or replace view mart.pipeline_freshness as
select
  source,
  dataset,
  max(case when stage = 'load' and status = 'succeeded' then slot_id end) as latest_slot,
  max(case when stage = 'load' and status = 'succeeded' then finished_at end) as last_loaded_at,
  round(
    timestamp_diff(
      current_timestamp(),
      max(case when stage = 'load' and status = 'succeeded' then finished_at end),
      second
    ) / 3600,
    2
  ) as hours_since_load,
  countif(stage = 'load' and status = 'succeeded') as loads,
  countif(status in ('failed', 'quarantined', 'check_failed', 'partial')) as failures,
  max(finished_at) as last_run_at
from ops.pipeline_runs
group by source, dataset;
