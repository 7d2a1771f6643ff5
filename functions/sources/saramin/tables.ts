/** The rows Saramin's transform produces, declared once (see core/table.ts). */
import { col, table } from '../../core/table.js';

const codes = (what: string) =>
  col.string(`${what} (comma-joined in the API, split here)`, 'REPEATED');

/**
 * Raw landing rows: one row per job per page. core.job_postings is built from them by the model
 * sql/core/job_postings.sql (one row per posting, latest modification wins).
 */
export const saraminJobPostings = table({
  name: 'raw.saramin_job_postings',
  grain: 'one row per job per raw page, exactly as the curated NDJSON carries it',
  columns: {
    posting_id: col.string('Saramin job id', 'REQUIRED'),
    url: col.string('posting URL'),
    is_active: col.bool('active = 1'),
    company_name: col.string('company.detail.name, entities decoded'),
    company_url: col.string('company.detail.href'),
    title: col.string('position.title, entities decoded'),
    industry_code: col.string('position.industry.code'),
    industry_name: col.string('position.industry.name'),
    location_codes: codes('location codes'),
    location_names: codes('location names'),
    job_type_codes: codes('job type codes'),
    job_type_names: codes('job type names'),
    job_mid_codes: codes('job category codes'),
    job_mid_names: codes('job category names'),
    job_codes: codes('job codes'),
    job_names: codes('job names'),
    experience_code: col.int64('experience-level.code'),
    experience_min_years: col.int64('experience-level.min'),
    experience_max_years: col.int64('experience-level.max (0 = no maximum -> null)'),
    experience_name: col.string('experience-level.name'),
    education_code: col.string('required-education-level.code'),
    education_name: col.string('required-education-level.name'),
    keywords: codes('keywords'),
    salary_code: col.string('salary.code'),
    salary_name: col.string('salary.name'),
    close_type_code: col.string('close-type.code'),
    close_type_name: col.string('close-type.name'),
    posted_at: col.timestamp('posting-timestamp'),
    modified_at: col.timestamp('modification-timestamp, else posting-timestamp'),
    opened_at: col.timestamp('opening-timestamp'),
    expires_at: col.timestamp('expiration-timestamp; null for open-ended postings'),
    has_deadline: col.bool('a real deadline exists'),
    posting_date_at: col.timestamp('posting-date'),
    read_count: col.int64('read-cnt'),
    apply_count: col.int64('apply-cnt'),
  },
  key: ['posting_id'],
});
