-- GENERATED from sql/core/job_postings.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: b7c678d3d826b68063128a9f864343c01530fe937660d0ce3d4b0545adfe3345
-- statement 1 of 1; parameters: range_end, range_start
MERGE INTO core.job_postings AS t
USING (
  SELECT
    posting_id,
    url,
    is_active,
    company_name,
    title,
    industry_code,
    industry_name,
    location_codes[1] AS primary_location_code,
    location_codes,
    location_names,
    job_type_codes,
    job_mid_codes,
    job_mid_codes[1] AS primary_job_mid_code,
    job_codes,
    job_names,
    experience_code,
    experience_min_years,
    experience_max_years,
    education_code,
    keywords,
    salary_code,
    salary_name,
    close_type_code,
    posted_at,
    CAST(CAST(posted_at AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) AS posted_date,
    COALESCE(modified_at, posted_at) AS modified_at,
    opened_at,
    expires_at,
    has_deadline,
    read_count,
    apply_count,
    _slot_id AS last_slot_id
  FROM raw.saramin_job_postings
  WHERE
    _slot_date >= $range_start
    AND _slot_date < $range_end
    AND NOT posted_at IS NULL
    AND CAST(CAST(posted_at AS TIMESTAMP) AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Seoul' AS DATE) >= CAST($range_start - INTERVAL '30' DAY AS DATE)
  QUALIFY
    ROW_NUMBER() OVER (
      PARTITION BY posting_id
      ORDER BY modified_at DESC, last_slot_id DESC, read_count DESC, apply_count DESC
    ) = 1
) AS s
ON t.posting_id = s.posting_id
AND t.posted_date >= CAST($range_start - INTERVAL '30' DAY AS DATE)
AND t.posted_date < $range_end
WHEN MATCHED AND (
  s.modified_at > t.modified_at
  OR (
    s.modified_at = t.modified_at AND s.last_slot_id >= t.last_slot_id
  )
) THEN UPDATE SET
  url = s.url,
  is_active = s.is_active,
  company_name = s.company_name,
  title = s.title,
  industry_code = s.industry_code,
  industry_name = s.industry_name,
  primary_location_code = s.primary_location_code,
  location_codes = s.location_codes,
  location_names = s.location_names,
  job_type_codes = s.job_type_codes,
  job_mid_codes = s.job_mid_codes,
  primary_job_mid_code = s.primary_job_mid_code,
  job_codes = s.job_codes,
  job_names = s.job_names,
  experience_code = s.experience_code,
  experience_min_years = s.experience_min_years,
  experience_max_years = s.experience_max_years,
  education_code = s.education_code,
  keywords = s.keywords,
  salary_code = s.salary_code,
  salary_name = s.salary_name,
  close_type_code = s.close_type_code,
  posted_at = s.posted_at,
  posted_date = s.posted_date,
  modified_at = s.modified_at,
  opened_at = s.opened_at,
  expires_at = s.expires_at,
  has_deadline = s.has_deadline,
  read_count = s.read_count,
  apply_count = s.apply_count,
  last_slot_id = s.last_slot_id
WHEN NOT MATCHED THEN INSERT *;
