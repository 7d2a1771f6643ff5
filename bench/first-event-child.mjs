// One cold function instance, for bench/startup.ts: a fresh `node` loads the Functions Framework
// (the platform's part: it runs before any user code), then imports the composition root
// (ROOT/dist/functions/index.js: the deployed bundle, or the plain tsc output), delivers one event
// to the entry point named in argv and waits until its handler settled. Credentials are an
// authorized-user file, so the first call of any Google SDK starts with a token request, and fetch
// fails: no request leaves the machine. Prints one JSON line: milliseconds the framework took, then,
// from the moment it was loaded, milliseconds to import ours and to the event's first network
// request (a token or API request; the handler's end when it makes none), the CPU milliseconds spent
// until then, and the Google SDKs loaded (only visible in the unbundled form).
import { createRequire } from 'node:module';
import dns from 'node:dns';
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const [root, name, kind] = process.argv.slice(2);
const require = createRequire(`${root}/package.json`);
const tFramework = performance.now();
const { getFunction } = require('@google-cloud/functions-framework/testing');
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const t0 = performance.now();
const cpu0 = cpuMs();
process.on('unhandledRejection', () => {}); // gax reports a failed token request twice
// No request leaves the machine: the sources' HTTP clients (and any SDK on fetch) fail at once.
let firstRequest;
let firstRequestCpu;
let seen;
const firstRequestSeen = new Promise((resolve) => (seen = resolve));
const requested = () => {
  firstRequest ??= performance.now();
  firstRequestCpu ??= cpuMs();
  seen('first request');
};
globalThis.fetch = () => {
  requested();
  return Promise.reject(new TypeError('bench: no network'));
};
// The SDKs' own transports (node-fetch over https, gRPC over http2) look a name up or open a
// socket: both fail at once (without a network a lookup can hang for a minute).
const notFound = () => Object.assign(new Error('bench: no network'), { code: 'ENOTFOUND' });
dns.promises.lookup = async () => {
  requested();
  throw notFound();
};
dns.promises.resolveTxt = dns.promises.lookup;
dns.lookup = (_host, options, callback) => {
  requested();
  process.nextTick(() => (callback ?? options)(notFound()));
};
net.Socket.prototype.connect = function refuse() {
  requested();
  process.nextTick(() =>
    this.destroy(Object.assign(new Error('bench: no network'), { code: 'ECONNREFUSED' })),
  );
  return this;
};
await import(pathToFileURL(`${root}/dist/functions/index.js`).href);
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
// The first request ends the measurement: what follows is retries and backoff, not start-up.
let outcome = 'ok';
try {
  outcome = await Promise.race([
    getFunction(name)({ specversion: '1.0', id: '1', source: '//bench', type, data }).then(
      () => 'handled',
    ),
    firstRequestSeen,
  ]);
} catch (error) {
  outcome = String(error?.message ?? error).slice(0, 60);
}
const handled = performance.now();
const handledCpu = cpuMs();
const sdks = new Set();
for (const path of Object.keys(require.cache)) {
  // The SDKs, and the two stacks under them: google-gax (gRPC) and google-auth-library (REST).
  const sdk =
    /node_modules\/(?:@google-cloud\/(bigquery|storage|pubsub|dataproc|secret-manager)|(google-gax|google-auth-library))\//.exec(
      path,
    );
  if (sdk) sdks.add(sdk[1] ?? sdk[2]);
}
console.log(
  JSON.stringify({
    framework: t0 - tFramework,
    import: imported - t0,
    firstEvent: (firstRequest ?? handled) - t0,
    // CPU time of the process up to the same point: less sensitive than wall time to a busy machine.
    cpu: (firstRequestCpu ?? handledCpu) - cpu0,
    sdks: [...sdks].sort(),
    outcome,
  }),
);
process.exit(0);
