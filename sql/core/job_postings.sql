-- grain: one row per Saramin posting
-- materialized: incremental
-- strategy: merge
-- unique_key: posting_id
-- partition_by: posted_date
-- cluster_by: primary_job_mid_code, posting_id
-- event_time: posted_date
-- lookback: 30 days (a posting modified up to 30 days after it was posted; `updated` slot windows)
-- tests: unique(posting_id); not_null(posting_id, title, url, posted_at)
-- Input: the raw slots of [@range_start, @range_end) (raw.saramin_job_postings, partitioned by slot
--   date), deduplicated first with QUALIFY (a posting can sit on two pages or two slots; BigQuery
--   rejects a MERGE whose source matches a target row twice, DuckDB would silently take the last).
-- Cost: the target is bound to the partitions those rows can touch, posted_date in
--   [@range_start - 30 days, @range_end), by a constant predicate, so an hourly run reads a month of
--   postings, not the whole table. Rows posted before that bound are left out (never duplicated).
-- Rule: the latest modification wins; on a tie the later slot wins, so replays in any order converge.
-- Checks: checks/job_postings__unique_posting_id.sql, checks/job_postings__required_fields.sql
merge core.job_postings t
using (
  select
    posting_id,
    url,
    is_active,
    company_name,
    title,
    industry_code,
    industry_name,
    location_codes[safe_offset(0)] as primary_location_code,
    location_codes,
    location_names,
    job_type_codes,
    job_mid_codes,
    job_mid_codes[safe_offset(0)] as primary_job_mid_code,
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
    date(posted_at, 'Asia/Seoul') as posted_date,
    coalesce(modified_at, posted_at) as modified_at,
    opened_at,
    expires_at,
    has_deadline,
    read_count,
    apply_count,
    _slot_id as last_slot_id
  from raw.saramin_job_postings
  where _slot_date >= @range_start and _slot_date < @range_end
    and posted_at is not null
    and date(posted_at, 'Asia/Seoul') >= date_sub(@range_start, interval 30 day)
  qualify row_number() over (partition by posting_id order by modified_at desc, last_slot_id desc, read_count desc, apply_count desc) = 1
) s
on t.posting_id = s.posting_id
  and t.posted_date >= date_sub(@range_start, interval 30 day) and t.posted_date < @range_end
when matched and (s.modified_at > t.modified_at or (s.modified_at = t.modified_at and s.last_slot_id >= t.last_slot_id)) then
  update set
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
when not matched then
  insert row;
