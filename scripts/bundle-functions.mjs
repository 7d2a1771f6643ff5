#!/usr/bin/env node
// The deployable form of the functions: the composition root (functions/index.ts) bundled by
// esbuild into ESM chunks. Every `import()` of the code stays a chunk of its own, loaded on first
// use, so an entry point still loads only its stage and the Google SDKs that stage calls; what the
// bundle removes is the cost of resolving and reading some thousand small module files on a cold
// start (issue 16: first-event overhead; `npm run bench -- 8` prints both forms).
//
//   node scripts/bundle-functions.mjs OUT_DIR [EXTRA_ENTRY.ts ...]
//
// writes OUT_DIR/index.js (+ chunks). Extra entries (tests) are bundled with the same options.
// @google-cloud/functions-framework stays external: the framework that loads index.js must be the
// one the entry points register with. The bundle reads sql/ next to the package.json above it.
import { rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');

// The SDKs are CommonJS: inside an ESM bundle they need require, __filename and __dirname.
const CJS_SHIM = [
  "import { createRequire as __bundleRequire } from 'node:module';",
  "import { fileURLToPath as __bundlePath } from 'node:url';",
  "import { dirname as __bundleDir } from 'node:path';",
  'const require = __bundleRequire(import.meta.url);',
  'const __filename = __bundlePath(import.meta.url);',
  'const __dirname = __bundleDir(__filename);',
].join(' ');

/** Bundles functions/index.ts (and `extra` entries) into `outDir`; returns the files written. */
export async function bundleFunctions(outDir, extra = []) {
  rmSync(outDir, { recursive: true, force: true });
  const entryPoints = { index: join(ROOT, 'functions', 'index.ts') };
  for (const file of extra) entryPoints[basename(file).replace(/\.[mc]?[jt]s$/, '')] = file;
  const result = await build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'linked',
    metafile: true,
    external: ['@google-cloud/functions-framework', '@duckdb/*'],
    banner: { js: CJS_SHIM },
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.outputs);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [outDir, ...extra] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node scripts/bundle-functions.mjs OUT_DIR [EXTRA_ENTRY.ts ...]');
    process.exit(2);
  }
  const started = performance.now();
  const files = await bundleFunctions(
    resolve(outDir),
    extra.map((f) => resolve(f)),
  );
  console.log(
    `bundled functions/index.ts into ${files.length} files in ${outDir} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
