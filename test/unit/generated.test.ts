/** Files derived from the table declarations and seeds must match them (run `npm run generate`). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatedFiles } from '../../scripts/generate.js';
import { packageRoot } from '../../functions/sqlfiles.js';

test('sql/ddl and meta seeds are what the declarations generate', () => {
  const stale = Object.entries(generatedFiles())
    .filter(([name, text]) => {
      try {
        return readFileSync(join(packageRoot(), name), 'utf8') !== text;
      } catch {
        return true;
      }
    })
    .map(([name]) => name);
  assert.deepEqual(stale, [], 'stale generated files: run npm run generate');
});
