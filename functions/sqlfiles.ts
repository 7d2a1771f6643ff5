/** Locates the repository's sql/ folder (next to package.json) and reads files from it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
