-- Table: raw.saramin_job_postings
-- Grain: one row per job per raw page, exactly as the curated NDJSON carries it.
-- Key: (_slot_id, posting_id) — a slot's rows are replaced as a whole on every load.
-- Partition: _slot_date (KST date of the slot), partition filter required. Cluster: _slot_id.
create table if not exists raw.saramin_job_postings (
  posting_id string not null,
  url string,
  is_active bool,
  company_name string,
  company_url string,
  title string,
  industry_code string,
  industry_name string,
  location_codes array<string>,
  location_names array<string>,
  job_type_codes array<string>,
  job_type_names array<string>,
  job_mid_codes array<string>,
  job_mid_names array<string>,
  job_codes array<string>,
  job_names array<string>,
  experience_code int64,
  experience_min_years int64,
  experience_max_years int64,
  experience_name string,
  education_code string,
  education_name string,
  keywords array<string>,
  salary_code string,
  salary_name string,
  close_type_code string,
  close_type_name string,
  posted_at timestamp,
  modified_at timestamp,
  opened_at timestamp,
  expires_at timestamp,
  has_deadline bool,
  posting_date_at timestamp,
  read_count int64,
  apply_count int64,
  _slot_id string not null,
  _slot_date date not null,
  _raw_object string,
  _raw_generation string
)
partition by _slot_date
cluster by _slot_id
options (require_partition_filter = true, description = 'Saramin postings as loaded, one slot per load');
