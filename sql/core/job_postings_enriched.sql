-- grain: one row per Saramin posting, its codes named by the meta tables
-- materialized: view
-- tests: unique(posting_id); not_null(posting_id, posted_date, week_start, region, industry, job_category, experience, experience_group)
-- Key: posting_id (one row per row of core.job_postings: every join is to a meta table's key).
-- Input: core.job_postings; meta.locations (the first three digits of the primary location code:
--   101050 -> 101 서울), meta.job_categories (primary job_mid code), meta.experience_levels,
--   meta.education_levels, meta.close_types.
-- Rule: a code no meta table names is kept, named '미상' (experience_group 'unknown', open_to_* null):
--   never dropped, never a silent null. Industry and detailed job codes have no verified code table
--   (reference/sources.md §1 calls the example numbers illustrative), so they are named by what the
--   posting itself carries (industry.name, job-code.name), as the API sent it.
-- Rule: week_start is the Monday of the posting's ISO week, on its KST posting date.
create or replace view core.job_postings_enriched as
select
  p.posting_id,
  p.url,
  p.is_active,
  p.company_name,
  p.title,
  p.posted_at,
  p.posted_date,
  date_trunc(p.posted_date, isoweek) as week_start,
  p.primary_location_code,
  l.code as region_code,
  coalesce(l.name, '미상') as region,
  p.location_names,
  p.industry_code,
  coalesce(nullif(p.industry_name, ''), '미상') as industry,
  p.primary_job_mid_code as job_category_code,
  coalesce(c.name, '미상') as job_category,
  p.job_mid_codes,
  p.job_codes,
  p.job_names,
  p.keywords,
  p.experience_code,
  coalesce(e.name, '미상') as experience,
  coalesce(e.experience_group, 'unknown') as experience_group,
  e.open_to_new_grad,
  e.open_to_experienced,
  p.experience_min_years,
  p.experience_max_years,
  p.education_code,
  coalesce(ed.name, '미상') as education,
  p.close_type_code,
  coalesce(ct.name, '미상') as close_type,
  p.has_deadline,
  p.expires_at,
  p.read_count,
  p.apply_count
from core.job_postings as p
left join meta.locations as l
  on l.prefix = substr(p.primary_location_code, 1, 3)
left join meta.job_categories as c
  on c.code = p.primary_job_mid_code
left join meta.experience_levels as e
  on e.code = p.experience_code
left join meta.education_levels as ed
  on ed.code = p.education_code
left join meta.close_types as ct
  on ct.code = p.close_type_code;
