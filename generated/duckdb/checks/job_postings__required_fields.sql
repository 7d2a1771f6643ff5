-- GENERATED from sql/checks/job_postings__required_fields.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 5e44c8646655022f413fabbaad67e6388b4cdb59d86aae4e9bc5907ae0e2865a
-- statement 1 of 1; parameters: slot_id
SELECT
  posting_id
FROM core.job_postings
WHERE
  last_slot_id = $slot_id
  AND (
    title IS NULL OR url IS NULL OR posted_at IS NULL
  );
