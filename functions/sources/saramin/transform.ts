/**
 * Raw Saramin pages -> typed rows for `raw.saramin_job_postings` (one row per job per page).
 * Quirks handled: `job` may be one object instead of an array; numbers and timestamps arrive as
 * strings; location names carry HTML entities (`서울 &gt; 강남구`); codes are comma-joined lists;
 * open-ended postings carry a far-future expiration timestamp.
 */
import { PermanentError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { UnitRows } from '../types.js';
import { saraminJobPostings } from './tables.js';

/** An expiration this long after posting means "no deadline" (상시/수시 postings use ~2033). */
const OPEN_ENDED_AFTER_S = 400 * 86_400;

type Json = Record<string, unknown>;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

export function decodeEntities(text: string): string {
  // Most names carry no entity: skip the regex (this runs several times per job).
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const cp =
        body[1] === 'x' || body[1] === 'X'
          ? parseInt(body.slice(2), 16)
          : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function obj(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = typeof v === 'string' ? v.trim() : String(v).trim();
  return s === '' ? null : s;
}

export function list(v: unknown): string[] {
  const s = str(v);
  if (s === null) return [];
  if (!s.includes(',')) return [s]; // one value: str() already trimmed it, and it is not empty
  const out: string[] = [];
  for (const part of s.split(',')) {
    const x = part.trim();
    if (x !== '') out.push(x);
  }
  return out;
}

export function int(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  const s = str(v);
  if (s === null) return null;
  const n = Number(s.includes(',') ? s.replaceAll(',', '') : s);
  return Number.isInteger(n) ? n : null;
}

/** 9999-12-31T23:59:59Z: the last instant a TIMESTAMP column (and `YYYY` ISO text) can hold. */
const MAX_SECONDS = 253_402_300_799;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Unix seconds -> `YYYY-MM-DDTHH:MM:SS.000Z`, the exact text of `Date#toISOString`, by integer
 * arithmetic (days -> civil date, H. Hinnant's algorithm): this runs four times per job and
 * `toISOString` dominated the transform. Zero or less is "not set" (null); beyond year 9999 the
 * API sent garbage, which is a schema error, never a silent null.
 */
function secondsToIso(n: number | null): string | null {
  if (n === null || n <= 0) return null;
  if (n > MAX_SECONDS)
    throw new PermanentError('SARAMIN.SCHEMA', `timestamp ${n} is after the year 9999`);
  const days = Math.floor(n / 86_400);
  const secs = n - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs - h * 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(secs % 60)}.000Z`;
}

export function unixToIso(v: unknown): string | null {
  return secondsToIso(int(v));
}

const OFFSET_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):?(\d{2})$/;

/**
 * `2019-07-07T17:17:17+0900` -> ISO UTC. The API's one format is read field by field and written by
 * the integer formatter (`Date.parse` + `toISOString` ran twice per job), with the same result as
 * `Date.parse` for every input (test/unit/sources/saramin.test.ts); any other text goes through
 * `Date.parse`, and what it cannot read is null.
 */
export function offsetDateToIso(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const m = OFFSET_DATE_RE.exec(s);
  const y = m ? Number(m[1]) : 0;
  if (m && y > 1970) {
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const sec = Number(m[6]);
    // What Date.parse accepts, rolled over the same way by Date.UTC: day 31 of any month, 24:00:00.
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || mi > 59 || sec > 59) return null;
    if (h > 24 || (h === 24 && (mi > 0 || sec > 0))) return null;
    const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 3600 + Number(m[9]) * 60);
    return secondsToIso(Date.UTC(y, mo - 1, d, h, mi, sec) / 1000 - offset);
  }
  const t = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function asArray(v: unknown): Json[] {
  if (Array.isArray(v)) return v.map(obj);
  return v && typeof v === 'object' ? [obj(v)] : [];
}

const code = (o: unknown) => str(obj(o).code);

function name(o: unknown): string | null {
  const n = str(obj(o).name);
  return n === null ? null : decodeEntities(n);
}

export function jobToRow(job: Json): Record<string, unknown> {
  const id = str(job.id);
  if (!id) throw new PermanentError('SARAMIN.SCHEMA', 'a job has no `id`');
  const position = obj(job.position);
  const company = obj(obj(job.company).detail);
  const experience = obj(position['experience-level']);
  const maxYears = int(experience.max);
  const posted = int(job['posting-timestamp']);
  const expires = int(job['expiration-timestamp']);
  const openEnded = expires !== null && posted !== null && expires - posted > OPEN_ENDED_AFTER_S;
  const postedAt = secondsToIso(posted);
  const companyName = str(company.name);
  const title = str(position.title);
  return {
    posting_id: id,
    url: str(job.url),
    is_active: int(job.active) === 1,
    company_name: companyName === null ? null : decodeEntities(String(company.name)),
    company_url: str(company.href),
    title: title === null ? null : decodeEntities(String(position.title)),
    industry_code: code(position.industry),
    industry_name: name(position.industry),
    location_codes: list(code(position.location)),
    location_names: list(name(position.location)),
    job_type_codes: list(code(position['job-type'])),
    job_type_names: list(name(position['job-type'])),
    job_mid_codes: list(code(position['job-mid-code'])),
    job_mid_names: list(name(position['job-mid-code'])),
    job_codes: list(code(position['job-code'])),
    job_names: list(name(position['job-code'])),
    experience_code: int(experience.code),
    experience_min_years: int(experience.min),
    experience_max_years: maxYears === 0 ? null : maxYears,
    experience_name: name(experience),
    education_code: code(position['required-education-level']),
    education_name: name(position['required-education-level']),
    keywords: list(job.keyword),
    salary_code: code(job.salary),
    salary_name: name(job.salary),
    close_type_code: code(job['close-type']),
    close_type_name: name(job['close-type']),
    posted_at: postedAt,
    modified_at: unixToIso(job['modification-timestamp']) ?? postedAt,
    opened_at: unixToIso(job['opening-timestamp']),
    expires_at: openEnded ? null : secondsToIso(expires),
    has_deadline: !openEnded && expires !== null,
    posting_date_at: offsetDateToIso(job['posting-date']),
    read_count: int(job['read-cnt']),
    apply_count: int(job['apply-cnt']),
  };
}

export function saraminToRows(exchanges: Exchange[]): { tables: UnitRows; rawRows: number } {
  const rows: Record<string, unknown>[] = [];
  for (const x of exchanges) {
    let page: unknown;
    try {
      page = JSON.parse(x.body);
    } catch {
      throw new PermanentError('SARAMIN.NOT_JSON', `${x.key} is not JSON`, { payload: x.body });
    }
    const jobs = obj(obj(page).jobs);
    if (!('job' in jobs) && !('total' in jobs))
      throw new PermanentError('SARAMIN.SHAPE', 'a page has no `jobs`');
    for (const job of asArray(jobs.job)) rows.push(jobToRow(job));
  }
  return { tables: { [saraminJobPostings.name]: rows }, rawRows: rows.length };
}
