-- GENERATED from sql/checks/stock_prices__reconciliation.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 4998641a346a187876361e30fd060e5060530d46db5dbdd7a02153e000a86cab
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
    AND status = 'succeeded'
  QUALIFY
    ROW_NUMBER() OVER (PARTITION BY stage ORDER BY finished_at DESC) = 1
), loaded AS (
  SELECT
    COUNT(*) AS loaded_rows
  FROM core.stock_prices
  WHERE
    base_date = $slot_date
)
SELECT
  e.api_total,
  e.rows_out AS raw_rows,
  t.rows_in AS transform_rows_in,
  t.rows_out AS curated_rows,
  l.loaded_rows
FROM runs AS e
JOIN runs AS t
  ON e.stage = 'extract' AND t.stage = 'transform'
CROSS JOIN loaded AS l
WHERE
  NOT (
    e.api_total = e.rows_out AND e.rows_out = t.rows_in AND t.rows_out = l.loaded_rows
  );
