-- GENERATED from sql/core/job_postings_enriched.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 96618cbadf486dbf898febb58adf5680ac9ae1a166fd44bee96bff67ec73c8a1
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW core.job_postings_enriched AS
SELECT
  p.posting_id,
  p.url,
  p.is_active,
  p.company_name,
  p.title,
  p.posted_at,
  p.posted_date,
  CAST(DATE_TRUNC('WEEK', p.posted_date) AS DATE) AS week_start,
  p.primary_location_code,
  l.code AS region_code,
  COALESCE(l.name, '미상') AS region,
  p.location_names,
  p.industry_code,
  COALESCE(NULLIF(p.industry_name, ''), '미상') AS industry,
  p.primary_job_mid_code AS job_category_code,
  COALESCE(c.name, '미상') AS job_category,
  p.job_mid_codes,
  p.job_codes,
  p.job_names,
  p.keywords,
  p.experience_code,
  COALESCE(e.name, '미상') AS experience,
  COALESCE(e.experience_group, 'unknown') AS experience_group,
  e.open_to_new_grad,
  e.open_to_experienced,
  p.experience_min_years,
  p.experience_max_years,
  p.education_code,
  COALESCE(ed.name, '미상') AS education,
  p.close_type_code,
  COALESCE(ct.name, '미상') AS close_type,
  p.has_deadline,
  p.expires_at,
  p.read_count,
  p.apply_count
FROM core.job_postings AS p
LEFT JOIN meta.locations AS l
  ON l.prefix = SUBSTRING(p.primary_location_code, 1, 3)
LEFT JOIN meta.job_categories AS c
  ON c.code = p.primary_job_mid_code
LEFT JOIN meta.experience_levels AS e
  ON e.code = p.experience_code
LEFT JOIN meta.education_levels AS ed
  ON ed.code = p.education_code
LEFT JOIN meta.close_types AS ct
  ON ct.code = p.close_type_code;
