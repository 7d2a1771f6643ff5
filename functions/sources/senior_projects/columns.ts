/**
 * The Korean columns of the yearly files (reference/sources.md §3) and the English column each one
 * becomes in the staging model (sql/staging/senior_projects/stg_senior_projects__projects.sql). Names
 * differ by year (계속사업시작년도 / 계속사업시작연도, 비예산여부 / 예산구분), so one English column may
 * have several Korean sources; the staging model coalesces them, and a unit test checks that it
 * names every variant listed here.
 *
 * The transform checks every record against this list before anything is loaded: a column not
 * listed (a new variant) or a value its kind cannot hold is schema drift, quarantined with the page,
 * so the staging model never turns an unknown name or an unreadable value into a silent null.
 */
export type ValueKind =
  /** Text (a number is accepted and read as its digits: codes are sometimes sent as numbers). */
  | 'text'
  /** A whole number, as a JSON number or a string of digits (`"1,234"` too); '' = none. */
  | 'int'
  /** `YYYYMMDD` or `YYYY-MM-DD` (a string, or an 8-digit number); '' = none. */
  | 'date'
  /** 예산구분: 예산 / 비예산 (the later files' form of 비예산여부 N / Y). */
  | 'budget';

export interface SourceColumn {
  korean: string;
  /** The staging column, or undefined for a column kept only in the raw JSON (attachments). */
  english: string | undefined;
  kind: ValueKind;
}

export const SOURCE_COLUMNS: readonly SourceColumn[] = [
  { korean: '사업유형', english: 'proj_type', kind: 'text' },
  { korean: '사업번호', english: 'proj_no', kind: 'text' },
  { korean: '사업계획변경순번', english: 'proj_plan_change_no', kind: 'int' },
  { korean: '사업년도', english: 'proj_year', kind: 'int' },
  { korean: '계속사업여부', english: 'cont_proj_yn', kind: 'text' },
  { korean: '계속사업시작년도', english: 'cont_proj_start_year', kind: 'int' },
  { korean: '계속사업시작연도', english: 'cont_proj_start_year', kind: 'int' },
  // `이름(코드)`: the staging model splits it into proj_type_cd and proj_type_nm.
  { korean: '사업유형코드', english: 'proj_type_cd', kind: 'text' },
  { korean: '비예산여부', english: 'non_budg_yn', kind: 'text' },
  { korean: '예산구분', english: 'non_budg_yn', kind: 'budget' },
  { korean: '특수사업명코드', english: 'spec_proj_cd', kind: 'text' },
  { korean: '사업명', english: 'proj_nm', kind: 'text' },
  { korean: '관할시군구', english: 'adm_dist_nm', kind: 'text' },
  { korean: '기관아이디', english: 'institution_id', kind: 'text' },
  { korean: '사업기간시작일', english: 'proj_start_date', kind: 'date' },
  { korean: '사업기간종료일', english: 'proj_end_date', kind: 'date' },
  { korean: '사업계획서상태코드', english: 'plan_status_cd', kind: 'text' },
  { korean: '목표일자리수', english: 'target_employment', kind: 'int' },
  { korean: '최초등록첨부파일', english: undefined, kind: 'text' },
  { korean: '최근승인첨부파일', english: undefined, kind: 'text' },
  { korean: '삭제여부', english: 'del_yn', kind: 'text' },
  { korean: '수행기관명', english: 'operator_nm', kind: 'text' },
];

/** English columns every record must carry (under one of their Korean names): the core key and type. */
export const REQUIRED = ['proj_no', 'proj_plan_change_no', 'proj_year', 'proj_type'] as const;

const BY_KOREAN = new Map(SOURCE_COLUMNS.map((c) => [c.korean, c]));

export const BUDGET_VALUES: Readonly<Record<string, 'Y' | 'N'>> = { 비예산: 'Y', 예산: 'N' };

/** A real calendar date from `YYYYMMDD` or `YYYY-MM-DD`, as `YYYY-MM-DD`; undefined otherwise. */
export function parseDay(value: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
  if (!m || (value.includes('-') && value.length !== 10)) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** A whole number from a JSON number or a string of digits (thousands commas allowed). */
export function parseWhole(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const s = value.trim();
  if (!/^-?\d{1,3}(,\d{3})*$|^-?\d+$/.test(s)) return undefined;
  const n = Number(s.replaceAll(',', ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 60);

/** Why a value cannot be read as its kind, or undefined when it can (null and '' are "none"). */
function valueProblem(kind: ValueKind, v: unknown): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') return `is ${show(v)}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return `is ${show(v)}`;
  if (typeof v === 'string' && v.trim() === '') return undefined;
  switch (kind) {
    case 'text':
      return undefined;
    case 'int':
      return parseWhole(v) === undefined ? `is not a whole number: ${show(v)}` : undefined;
    case 'date':
      return parseDay(String(v).trim()) === undefined
        ? `is not a date (YYYYMMDD or YYYY-MM-DD): ${show(v)}`
        : undefined;
    case 'budget':
      return String(v).trim() in BUDGET_VALUES ? undefined : `is not 예산/비예산: ${show(v)}`;
  }
}

/** Why one record of a file cannot be staged, or undefined when it can. Pure. */
export function recordProblem(record: Record<string, unknown>): string | undefined {
  const present = new Set<string>();
  for (const [korean, v] of Object.entries(record)) {
    const c = BY_KOREAN.get(korean);
    if (!c)
      return `unknown column ${show(korean)} (a new name? map it in senior_projects/columns.ts)`;
    const problem = valueProblem(c.kind, v);
    if (problem) return `${korean} ${problem}`;
    if (c.english && v !== null && String(v).trim() !== '') {
      if (present.has(c.english)) return `two columns for ${c.english} in one record`;
      present.add(c.english);
    }
  }
  const missing = REQUIRED.filter((e) => !present.has(e));
  return missing.length ? `no value for ${missing.join(', ')}` : undefined;
}
