/** The reference place list (sql/seeds/seoul_places.csv, which also fills meta.places). */
import { readSql } from '../../sqlfiles.js';

export interface Place {
  category: string;
  area_cd: string;
  area_nm: string;
}

export function parsePlacesCsv(text: string): Place[] {
  const [header, ...lines] = text.trim().split('\n');
  if (header !== 'category,area_cd,area_nm') throw new Error('seoul_places.csv: unexpected header');
  return lines.map((line) => {
    const [category, area_cd, ...name] = line.split(',');
    return {
      category: category!,
      area_cd: area_cd!,
      area_nm: name.join(',').replace(/^"|"$/g, ''),
    };
  });
}

let cached: Place[] | undefined;
export function places(): Place[] {
  cached ??= parsePlacesCsv(readSql('seeds/seoul_places.csv'));
  return cached;
}
