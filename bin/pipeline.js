#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which scripts/ensure-node.sh runs after
// installing) when it is at least as new as functions/; otherwise the TypeScript sources through tsx,
// so a fresh clone works before any build and an edited source never runs as stale JavaScript.
import { pathToFileURL } from 'node:url';
import { distIsFresh, DIST_CLI } from './dist-fresh.js';

if (distIsFresh()) {
  await import(pathToFileURL(DIST_CLI).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../functions/cli/main.ts');
}
