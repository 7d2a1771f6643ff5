/**
 * The keywords trends compares (sql/seeds/trends_keywords.csv: keyword, keyword_group) and how they
 * become requests. Values are scaled 0-100 within one comparison, so keywords meant to be read
 * against each other share a group; a group of more than 5 (the unofficial API's limit) is split
 * into chunks of 5 in seed order (`skills.1`, `skills.2`), each its own request and its own scale.
 * A request group's key (`roles`, `skills.2`) is what a partial failure names and a retry sends.
 */
import { readSql } from '../../sqlfiles.js';

export interface SeedKeyword {
  keyword: string;
  keyword_group: string;
}

export interface RequestGroup {
  /** `roles`, or `skills.2` when the seed group was split. */
  key: string;
  keywords: string[];
}

/** The unofficial API compares at most this many keywords on one scale. */
export const MAX_PER_REQUEST = 5;

const GROUP_RE = /^[A-Za-z0-9_-]{1,40}$/;

export function parseKeywordsCsv(text: string): SeedKeyword[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  if (header?.trim() !== 'keyword,keyword_group')
    throw new Error('trends_keywords.csv: expected the header keyword,keyword_group');
  const seen = new Set<string>();
  return lines.map((line) => {
    const i = line.lastIndexOf(',');
    const keyword = line.slice(0, i).trim();
    const keyword_group = line.slice(i + 1).trim();
    if (i < 1 || keyword === '' || !GROUP_RE.test(keyword_group))
      throw new Error(`trends_keywords.csv: bad line ${JSON.stringify(line).slice(0, 80)}`);
    if (seen.has(`${keyword}\u0000${keyword_group}`))
      throw new Error(`trends_keywords.csv: ${keyword} twice in ${keyword_group}`);
    seen.add(`${keyword}\u0000${keyword_group}`);
    return { keyword, keyword_group };
  });
}

let cached: SeedKeyword[] | undefined;
export function seedKeywords(): SeedKeyword[] {
  cached ??= parseKeywordsCsv(readSql('seeds/trends_keywords.csv'));
  return cached;
}

/** Seed groups -> requests of at most `max` keywords, in seed order. */
export function requestGroups(seed: readonly SeedKeyword[], max = MAX_PER_REQUEST): RequestGroup[] {
  const byGroup = new Map<string, string[]>();
  for (const s of seed)
    byGroup.set(s.keyword_group, [...(byGroup.get(s.keyword_group) ?? []), s.keyword]);
  const out: RequestGroup[] = [];
  for (const [group, keywords] of byGroup) {
    const chunks = Math.ceil(keywords.length / max);
    for (let c = 0; c < chunks; c++)
      out.push({
        key: chunks === 1 ? group : `${group}.${c + 1}`,
        keywords: keywords.slice(c * max, (c + 1) * max),
      });
  }
  return out;
}

/** The configured request groups: `TRENDS_OPTIONS='groups=roles,certs'` narrows the seed. */
export function configuredGroups(options: Record<string, string>): RequestGroup[] {
  const wanted = options.groups
    ?.split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const seed = seedKeywords().filter((s) => !wanted?.length || wanted.includes(s.keyword_group));
  return requestGroups(seed);
}

/** The comparison a unit asks for: the `days` KST dates ending on the unit's date (inclusive). */
export function comparisonWindow(unitDate: string, days: number): { start: string; end: string } {
  const end = Date.parse(`${unitDate}T00:00:00Z`);
  return {
    start: new Date(end - (days - 1) * 86_400_000).toISOString().slice(0, 10),
    end: unitDate,
  };
}
