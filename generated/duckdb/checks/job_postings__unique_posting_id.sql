-- GENERATED from sql/checks/job_postings__unique_posting_id.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: a19ba231dba51b51df645c850fad2921c9e8725e1ab113e1046235c71d70037c
-- statement 1 of 1; parameters: -
SELECT
  posting_id,
  COUNT(*) AS copies
FROM core.job_postings
GROUP BY
  posting_id
HAVING
  COUNT(*) > 1;
