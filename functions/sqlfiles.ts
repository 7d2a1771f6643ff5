/** Locates the repository's sql/ folder (next to package.json) and reads files from it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_FOLDERS, orderModels, parseModel, type Model } from './core/model.js';

export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

export const SQL_DIR = join(packageRoot(), 'sql');

export function readSql(relative: string, root = SQL_DIR): string {
  const path = resolve(root, relative);
  if (!path.startsWith(resolve(root))) throw new Error(`SQL path escapes sql/: ${relative}`);
  return readFileSync(path, 'utf8');
}

/** `.sql` files directly in a folder under sql/ (relative paths, sorted); none when it is missing. */
export function sqlFilesIn(folder: string, root = SQL_DIR): string[] {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => `${folder}/${e.name}`)
    .sort();
}

function walk(root: string, folder: string): string[] {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? walk(root, `${folder}/${e.name}`)
        : e.name.endsWith('.sql')
          ? [`${folder}/${e.name}`]
          : [],
    )
    .sort();
}

/** Every model under sql/{staging,intermediate,core,mart}, parsed (header, target, reads). */
export function readModels(root = SQL_DIR): Model[] {
  return MODEL_FOLDERS.flatMap((f) => walk(root, f)).map((file) =>
    parseModel(file, readSql(file, root)),
  );
}

/**
 * What `pipeline migrate` applies, in order: tables the models write (sql/ddl/models/), seeds
 * (sql/meta/), views (in dependency order). With `terraform`, Terraform's tables (sql/ddl/) first:
 * the local warehouse has no Terraform.
 */
export function migrationFiles(root = SQL_DIR, terraform = true): string[] {
  return [
    ...(terraform ? sqlFilesIn('ddl', root) : []),
    ...sqlFilesIn('ddl/models', root),
    ...sqlFilesIn('meta', root),
    ...orderModels(readModels(root))
      .filter((m) => m.materialized === 'view')
      .map((m) => m.file),
  ];
}
