/**
 * The yearly files of the senior job programme projects (data.go.kr dataset 15050148, reference/
 * sources.md §3): one odcloud auto-API resource (`uddi:<uuid>`) per published file. A backfill runs
 * one unit per entry, keyed by the year (`key=2024`). A newly published file is one more line here.
 */
export const DATASET_ID = '15050148';

/** Year -> the file's uddi. 2024 is the 2024-05-28 release. */
export const YEARLY_FILES: Readonly<Record<string, string>> = {
  '2018': 'uddi:86a1651f-3c36-4efe-85f8-d781d61b70d1',
  '2020': 'uddi:4f2b83dd-93d0-4d82-b6eb-c1af32641817',
  '2022': 'uddi:c2a15a01-c539-4698-a06d-daa5309264a4',
  '2023': 'uddi:abd1cfb1-5ba2-491f-9729-84bba214f87d',
  '2024': 'uddi:5a9fe759-5344-41ef-94c1-9de71e3e156f',
};

export const projectKeys = (): string[] => Object.keys(YEARLY_FILES).sort();

/** The file of a unit key, or undefined for a year with no known file. */
export function fileOf(key: string | undefined): { year: number; uddi: string } | undefined {
  if (key === undefined || !/^\d{4}$/.test(key)) return undefined;
  const uddi = YEARLY_FILES[key];
  return uddi ? { year: Number(key), uddi } : undefined;
}

/** The path of one file's resource under the odcloud base URL. */
export const filePath = (uddi: string) => `/api/${DATASET_ID}/v1/${uddi}`;
