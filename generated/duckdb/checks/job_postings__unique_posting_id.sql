-- GENERATED from sql/checks/job_postings__unique_posting_id.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 68167d3084cb84f94fa60b08e674ac7fbe11b23da29da2714a12024eb586c09b
-- statement 1 of 1; parameters: slot_date
SELECT
  posting_id,
  COUNT(*) AS copies
FROM core.job_postings
WHERE
  posted_date >= CAST($slot_date - INTERVAL '30' DAY AS DATE)
  AND posted_date <= $slot_date
GROUP BY
  posting_id
HAVING
  COUNT(*) > 1;
