-- Table: core.job_postings
-- Grain: one row per Saramin posting. Key: posting_id; the latest modification wins.
-- Written by: core/job_postings.sql (MERGE per slot). Partition: posted_date (KST). Cluster: primary_job_mid_code, posting_id.
-- Checks: checks/job_postings__unique_posting_id.sql, checks/job_postings__required_fields.sql
create table if not exists core.job_postings (
  posting_id string not null,
  url string,
  is_active bool,
  company_name string,
  title string,
  industry_code string,
  industry_name string,
  primary_location_code string,
  location_codes array<string>,
  location_names array<string>,
  job_type_codes array<string>,
  job_mid_codes array<string>,
  primary_job_mid_code string,
  job_codes array<string>,
  job_names array<string>,
  experience_code int64,
  experience_min_years int64,
  experience_max_years int64,
  education_code string,
  keywords array<string>,
  salary_code string,
  salary_name string,
  close_type_code string,
  posted_at timestamp not null,
  posted_date date not null,
  modified_at timestamp not null,
  opened_at timestamp,
  expires_at timestamp,
  has_deadline bool,
  read_count int64,
  apply_count int64,
  last_slot_id string not null
)
partition by posted_date
cluster by primary_job_mid_code, posting_id
options (description = 'Saramin job postings, deduplicated on posting_id');
