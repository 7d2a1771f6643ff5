/**
 * The certification items (sql/seeds/cert_items.csv) and the base years a backfill covers.
 * Only codes verified in reference/sources.md §7 are listed: 1320 (정보처리기사, confirmed) and 2290
 * (정보처리산업기사). 1321 appears in repos with inconsistent labels, and 빅데이터분석기사 has no
 * verified code and is run by K-DATA, not HRDK, so Q-Net statistics may not include it at all.
 */
import { readSql } from '../../sqlfiles.js';

export interface CertItem {
  jm_cd: string;
  jm_nm: string;
}

/** Base years a full backfill asks for (statistics are annual and lag about a year). */
export const BASE_YEARS = { first: 2022, last: 2024 } as const;

export function parseItemsCsv(text: string): CertItem[] {
  const [header, ...lines] = text.trim().split('\n');
  if (header?.trim() !== 'jm_cd,jm_nm') throw new Error('cert_items.csv: unexpected header');
  return lines.map((line) => {
    const [jm_cd, ...name] = line.trim().split(',');
    if (!/^\d{4}$/.test(jm_cd ?? '')) throw new Error(`cert_items.csv: bad jm_cd in ${line}`);
    return { jm_cd: jm_cd!, jm_nm: name.join(',') };
  });
}

let cached: CertItem[] | undefined;
export function certItems(): CertItem[] {
  cached ??= parseItemsCsv(readSql('seeds/cert_items.csv'));
  return cached;
}

/** `1320-2024`: one unit per item and base year. */
export function certKeys(): string[] {
  const keys: string[] = [];
  for (const item of certItems())
    for (let y = BASE_YEARS.first; y <= BASE_YEARS.last; y++) keys.push(`${item.jm_cd}-${y}`);
  return keys;
}

export function parseCertKey(key: string): { jmCd: string; baseYY: number } | undefined {
  const m = /^(\d{4})-(\d{4})$/.exec(key);
  return m ? { jmCd: m[1]!, baseYY: Number(m[2]) } : undefined;
}
