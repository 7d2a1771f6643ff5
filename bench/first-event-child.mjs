// One cold function instance, for bench/startup.ts: a fresh `node` imports the compiled composition
// root (dist/functions/index.js), then delivers one event to the entry point named in argv and waits
// until its handler settled. Credentials point at a missing file and fetch fails, so every call fails
// at once without the network: the time is module loading, client construction and the stage's work.
// Prints one JSON line: milliseconds to import, to the first event's first API request (or to its
// settled handler when it makes none), the CPU milliseconds spent until then, and the Google SDKs
// it loaded.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const t0 = performance.now();
process.on('unhandledRejection', () => {}); // gax reports the missing credentials twice
// No request leaves the machine: the sources' HTTP clients (and any SDK on fetch) fail at once.
// The stage's first request to its API ends the measurement: what follows is the source client's
// retry backoff, not start-up.
let firstRequest;
let firstRequestCpu;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
globalThis.fetch = () => {
  firstRequest ??= performance.now();
  firstRequestCpu ??= cpuMs();
  return Promise.reject(new TypeError('bench: no network'));
};
const [root, name, kind] = process.argv.slice(2);
await import(pathToFileURL(`${root}/dist/functions/index.js`).href);
const require = createRequire(`${root}/package.json`);
const { getFunction } = require('@google-cloud/functions-framework/testing');
const imported = performance.now();
const data =
  kind === 'storage'
    ? { bucket: 'bench-raw', name: 'saramin/job_postings/2025/09/15/01/x.json', generation: '1' }
    : {
        message: {
          data: Buffer.from('{}').toString('base64'),
          attributes: { source: 'saramin' },
          publishTime: new Date().toISOString(),
          messageId: '1',
        },
      };
const type =
  kind === 'storage'
    ? 'google.cloud.storage.object.v1.finalized'
    : 'google.cloud.pubsub.topic.v1.messagePublished';
let outcome = 'ok';
try {
  await getFunction(name)({ specversion: '1.0', id: '1', source: '//bench', type, data });
} catch (error) {
  outcome = String(error?.message ?? error).slice(0, 60);
}
const handled = performance.now();
const handledCpu = cpuMs();
const sdks = new Set();
for (const path of Object.keys(require.cache)) {
  const sdk =
    /node_modules\/@google-cloud\/(bigquery|storage|pubsub|dataproc|secret-manager)\//.exec(path);
  if (sdk) sdks.add(sdk[1]);
}
console.log(
  JSON.stringify({
    import: imported - t0,
    firstEvent: (firstRequest ?? handled) - t0,
    // CPU time of the process up to the same point: less sensitive than wall time to a busy machine.
    cpu: firstRequestCpu ?? handledCpu,
    sdks: [...sdks].sort(),
    outcome,
  }),
);
process.exit(0);
