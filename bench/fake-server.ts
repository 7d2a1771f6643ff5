/**
 * The fake API in its own process, for the fan-out benchmark: arrival times are then measured by a
 * server whose event loop the client does not share (in-process, the client's work delays them).
 * Prints its URL; on any line on stdin prints the arrival times (epoch ms) as a JSON array.
 *   node --import tsx bench/fake-server.ts <latency ms>
 */
import { startFakeApi } from '../functions/adapters/local/fake-api.js';
import { SOURCES } from '../functions/sources/registry.js';

const api = await startFakeApi({
  fixturesDir: new URL('../test/fixtures/', import.meta.url).pathname,
  sources: SOURCES,
  latencyMs: Number(process.argv[2] ?? 0),
});
process.stdout.write(`${api.url}\n`);
process.stdin.on('data', () =>
  process.stdout.write(`${JSON.stringify(api.requests.map((r) => r.at))}\n`),
);
process.stdin.on('end', () => void api.close().then(() => process.exit(0)));
