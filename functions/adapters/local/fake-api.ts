/**
 * A real HTTP server on 127.0.0.1 that speaks every registered source's API from fixtures. The
 * routes come from the registry (each source folder's `fake`), so this file knows no source. The
 * local runtime uses it whenever no real key is configured; tests inject faults through it
 * (a status and body, or a delay longer than the client's timeout).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeReply, FakeRequest, SourceDefinition } from '../../sources/types.js';

/** The only key the fake accepts. Not a secret: it opens nothing but this server. */
export const FAKE_API_KEY = 'local-fixture-key';

export interface Fault {
  /** Path prefix (or a substring with `contains: true`) the fault applies to. */
  path: string;
  contains?: boolean;
  /** Also required: this text in the decoded query string (one group of a fan-out by parameter). */
  query?: string;
  /** How many requests it answers before normal service resumes. */
  times: number;
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (a request that times out). */
  delayMs?: number;
}

export interface FakeApi {
  url: string;
  requests: { path: string; params: Record<string, string>; at: number }[];
  inject(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface FakeApiOptions {
  fixturesDir: string;
  sources: readonly SourceDefinition[];
  key?: string;
  /** The instant snapshot APIs answer for (the runtime's clock). */
  now?: () => number;
  /** Added to every answer (the fan-out benchmark's latency). */
  latencyMs?: number;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

export async function startFakeApi(o: FakeApiOptions): Promise<FakeApi> {
  const key = o.key ?? FAKE_API_KEY;
  const routes = o.sources.map((s) => ({
    matches: s.fake.matches,
    answer: s.fake.create(o.fixturesDir, key),
  }));
  const faults: Fault[] = [];
  const requests: FakeApi['requests'] = [];
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params = Object.fromEntries(url.searchParams);
      requests.push({ path: url.pathname, params, at: Date.now() });
      const query = safeDecode(url.search);
      const fault = faults.find(
        (f) =>
          f.times > 0 &&
          (f.contains ? url.pathname.includes(f.path) : url.pathname.startsWith(f.path)) &&
          (f.query === undefined || query.includes(f.query)),
      );
      let reply: FakeReply;
      if (fault) {
        fault.times--;
        reply = {
          status: fault.status,
          body: fault.body,
          contentType: fault.contentType ?? 'application/json',
          ...(fault.delayMs ? { delayMs: fault.delayMs } : {}),
        };
      } else {
        const route = routes.find((r) => r.matches(url.pathname));
        const request: FakeRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          params,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: Object.fromEntries(
            Object.entries(req.headers).map(([k, v]) => [
              k,
              Array.isArray(v) ? v.join(', ') : (v ?? ''),
            ]),
          ),
          now: (o.now ?? Date.now)(),
        };
        reply = route
          ? route.answer(request)
          : { status: 404, body: 'Unexpected errors', contentType: 'text/plain' };
      }
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, {
          'content-type': reply.contentType,
          ...(reply.headers ?? {}),
          ...(fault?.headers ?? {}),
        });
        res.end(reply.body);
      };
      const delay = (reply.delayMs ?? 0) + (o.latencyMs ?? 0);
      if (delay > 0) {
        const timer = setTimeout(() => {
          pending.delete(timer);
          send();
        }, delay);
        pending.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (fault) => faults.push({ ...fault }),
    clearFaults: () => faults.splice(0),
    close: () =>
      new Promise((resolve) => {
        for (const t of pending) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
