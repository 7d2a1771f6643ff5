// Is dist/ (the `npm run build` output) at least as new as every file it is compiled from?
// bin/pipeline.js runs dist only then; scripts/ensure-node.sh rebuilds when it is not.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_CLI = join(ROOT, 'dist', 'cli', 'main.js');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (/\.(ts|json)$/.test(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** True when dist/cli/main.js (the bundled CLI) was written after the last change to functions/ or the tsconfigs. */
export function distIsFresh() {
  let built;
  try {
    built = statSync(DIST_CLI).mtimeMs;
  } catch {
    return false;
  }
  const sources = Math.max(
    newest(join(ROOT, 'functions')),
    ...['tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(ROOT, f)).mtimeMs),
  );
  return built >= sources;
}
