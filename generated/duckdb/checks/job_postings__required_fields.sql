-- GENERATED from sql/checks/job_postings__required_fields.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 92b94fdc3707373d42381215d89311a7d644739dc4d66e001d1b359c13130c2b
-- statement 1 of 1; parameters: slot_date, slot_id
SELECT
  posting_id
FROM core.job_postings
WHERE
  posted_date >= CAST($slot_date - INTERVAL '30' DAY AS DATE)
  AND last_slot_id = $slot_id
  AND (
    title IS NULL OR url IS NULL OR posted_at IS NULL
  );
