/**
 * Writes every file derived from the table declarations (functions/sources/<source>/tables.ts) and
 * the seeds, so nothing derived is ever edited by hand:
 *   sql/ddl/<dataset>.<table>.sql   the target table, and the raw landing table of merged and
 *                                   replaced tables
 *   sql/ddl/models/<dataset>.<table>.sql   tables models write (created by `pipeline migrate`)
 *   sql/meta/seoul_places.sql        meta.seoul_places from sql/seeds/seoul_places.csv
 * then the BigQuery JSON schemas Terraform reads (scripts/ddl-to-schema.ts).
 *   npm run generate            # write
 *   npm run generate -- --check # exit 1 naming the stale files (the sync test runs this)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mergedTarget, rawDdl, targetDdl } from '../functions/core/table.js';
import { MODEL_TABLES } from '../functions/sources/models.js';
import { SOURCES } from '../functions/sources/registry.js';
import { parsePlacesCsv } from '../functions/sources/seoul_population/places.js';
import { packageRoot } from '../functions/sqlfiles.js';

const root = packageRoot();

export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const def of SOURCES) {
    const origin = `functions/sources/${def.source}/tables.ts`;
    for (const load of def.tables) {
      const t = load.table;
      if (load.mode === 'partition') files[`sql/ddl/${t.name}.sql`] = targetDdl(t, origin);
      else if (load.mode === 'raw') files[`sql/ddl/${t.name}.sql`] = rawDdl(t, origin);
      else if (load.mode === 'replace') {
        // A keyed full refresh: the target is the declaration as is (no last-writer column).
        files[`sql/ddl/${t.name}.sql`] = targetDdl(t, origin);
        files[`sql/ddl/raw.${t.name.split('.')[1]}.sql`] = rawDdl(t, origin);
      } else {
        files[`sql/ddl/${t.name}.sql`] = targetDdl(mergedTarget(t), origin);
        files[`sql/ddl/raw.${t.name.split('.')[1]}.sql`] = rawDdl(t, origin);
      }
    }
  }
  // Tables the model layer writes: created by `pipeline migrate`, not Terraform (ddl-to-schema reads
  // only the top of sql/ddl/).
  for (const t of MODEL_TABLES)
    files[`sql/ddl/models/${t.name}.sql`] = targetDdl(t, 'functions/sources/models.ts');
  const places = parsePlacesCsv(readFileSync(join(root, 'sql/seeds/seoul_places.csv'), 'utf8'));
  const q = (s: string) => `'${s.replaceAll("'", "\\'")}'`;
  files['sql/meta/seoul_places.sql'] = [
    '-- Table: meta.seoul_places (generated from sql/seeds/seoul_places.csv by `npm run generate`; do not edit)',
    '-- Grain: one row per official Seoul hotspot (reference list; the live API may rename or add places).',
    'create or replace table meta.seoul_places (area_cd string not null, area_nm string not null, category string not null);',
    'insert into meta.seoul_places (area_cd, area_nm, category) values',
    places.map((p) => `  (${q(p.area_cd)}, ${q(p.area_nm)}, ${q(p.category)})`).join(',\n') + ';',
    '',
  ].join('\n');
  return files;
}

async function main(check: boolean): Promise<number> {
  const stale: string[] = [];
  for (const [name, text] of Object.entries(generatedFiles())) {
    const path = join(root, name);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    stale.push(name);
    if (!check) writeFileSync(path, text);
  }
  if (check) {
    if (stale.length)
      console.error(`stale generated files (run npm run generate): ${stale.join(', ')}`);
    return stale.length ? 1 : 0;
  }
  for (const s of stale) console.log(`wrote ${s}`);
  const { main: ddlToSchema } = await import('./ddl-to-schema.js');
  return ddlToSchema([]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  process.exit(await main(process.argv.includes('--check')));
