/** The architecture's import boundaries are enforced by eslint.config.js; this proves the rules bite. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint();
async function errors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const SDK = "import { Storage } from '@google-cloud/storage';\nexport const s = new Storage();\n";

test('a cloud SDK outside functions/adapters/gcp and functions/index.ts fails lint', async () => {
  for (const file of [
    'functions/stages/leak.ts',
    'functions/core/leak.ts',
    'functions/sources/saramin/leak.ts',
    'functions/cli/leak.ts',
  ]) {
    const found = await errors(file, SDK);
    assert.ok(
      found.some((e) => e.startsWith('no-restricted-imports') && e.includes('Cloud SDKs')),
      `${file}: ${found.join('; ')}`,
    );
  }
  assert.deepEqual(await errors('functions/adapters/gcp/leak.ts', SDK), []);
});

test('core is pure and stages never reach for an adapter', async () => {
  const fs = await errors(
    'functions/core/leak.ts',
    "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
  );
  assert.ok(
    fs.some((e) => e.includes('core/ does no I/O')),
    fs.join('; '),
  );
  const adapter = await errors(
    'functions/stages/leak.ts',
    "import { LocalBus } from '../adapters/local/bus.js';\nexport const b = LocalBus;\n",
  );
  assert.ok(
    adapter.some((e) => e.includes('through ports')),
    adapter.join('; '),
  );
});
