-- GENERATED from sql/checks/seoul_population__reconciliation.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: ef0bc860fe0cad41fa2a1665d9bf9fb9231cd19e5efc9e03e97fb1c4cddb4b38
-- statement 1 of 1; parameters: dataset, slot_date, slot_id, source
WITH runs AS (
  SELECT
    stage,
    rows_in,
    rows_out,
    api_total
  FROM ops.pipeline_runs
  WHERE
    source = $source
    AND dataset = $dataset
    AND slot_id = $slot_id
    AND status IN ('succeeded', 'partial')
  QUALIFY
    ROW_NUMBER() OVER (PARTITION BY stage ORDER BY finished_at DESC) = 1
), loaded AS (
  SELECT
    COUNT(*) AS loaded_rows
  FROM raw.seoul_population
  WHERE
    _slot_date = $slot_date AND _slot_id = $slot_id
)
SELECT
  e.api_total,
  e.rows_out AS raw_rows,
  t.rows_in AS transform_rows_in,
  l.loaded_rows
FROM runs AS e
JOIN runs AS t
  ON e.stage = 'extract' AND t.stage = 'transform'
CROSS JOIN loaded AS l
WHERE
  NOT (
    e.api_total = e.rows_out AND e.rows_out = t.rows_in AND t.rows_in = l.loaded_rows
  );
