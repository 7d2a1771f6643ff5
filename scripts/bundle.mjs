#!/usr/bin/env node
// esbuild bundles of the TypeScript in functions/, as ESM chunks: every `import()` of the code stays
// a chunk of its own, loaded on first use, so lazy loading is kept; what a bundle removes is the
// cost of resolving, reading and (for CommonJS packages imported from ESM) lexing some thousand
// small module files at every start (issue 16).
//
//   node scripts/bundle.mjs functions OUT_DIR [EXTRA_ENTRY.ts ...]
//       the deployed form of the functions: OUT_DIR/index.js from functions/index.ts (staged by
//       scripts/terraform-stage-functions.sh; `npm run bench -- 8` measures its first event).
//       @google-cloud/functions-framework stays external: the framework that loads index.js must be
//       the one the entry points register with. Extra entries (tests) get the same options.
//   node scripts/bundle.mjs cli OUT_DIR
//       the `pipeline` command: OUT_DIR/main.js from functions/cli/main.ts (`npm run build`;
//       bin/pipeline.js runs it). DuckDB's native binding stays external.
//
// Both find sql/, scripts/ and .venv/ through the package.json above them (functions/sqlfiles.ts).
import { rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { prunedProtosPlugin } from './prune-protos.mjs';

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

/** Packages whose generated clients get their protos.json pruned to their own services. */
const PRUNED_PROTOS = ['@google-cloud/dataproc'];

async function bundle(outDir, entryPoints, external) {
  rmSync(outDir, { recursive: true, force: true });
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
    external,
    banner: { js: CJS_SHIM },
    logLevel: 'warning',
    // Each Dataproc client loads the descriptors of its own service only (scripts/prune-protos.mjs).
    plugins: [prunedProtosPlugin(PRUNED_PROTOS)],
  });
  return Object.keys(result.metafile.outputs);
}

/** Bundles functions/index.ts (and `extra` entries) into `outDir`; returns the files written. */
export function bundleFunctions(outDir, extra = []) {
  const entryPoints = { index: join(ROOT, 'functions', 'index.ts') };
  for (const file of extra) entryPoints[basename(file).replace(/\.[mc]?[jt]s$/, '')] = file;
  return bundle(outDir, entryPoints, ['@google-cloud/functions-framework', '@duckdb/*']);
}

/** Bundles the `pipeline` command (functions/cli/main.ts) into `outDir`. */
export function bundleCli(outDir) {
  return bundle(outDir, { main: join(ROOT, 'functions', 'cli', 'main.ts') }, [
    '@duckdb/node-bindings*',
    '@google-cloud/functions-framework',
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [what, outDir, ...extra] = process.argv.slice(2);
  if (!outDir || !['functions', 'cli'].includes(what) || (what === 'cli' && extra.length > 0)) {
    console.error(
      'usage: node scripts/bundle.mjs functions OUT_DIR [EXTRA_ENTRY.ts ...] | cli OUT_DIR',
    );
    process.exit(2);
  }
  const started = performance.now();
  const files =
    what === 'cli'
      ? await bundleCli(resolve(outDir))
      : await bundleFunctions(
          resolve(outDir),
          extra.map((f) => resolve(f)),
        );
  console.log(
    `bundled ${what === 'cli' ? 'functions/cli/main.ts' : 'functions/index.ts'} into ${files.length} files in ${outDir} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
