/** A real SourceClient over a stub fetch that answers canned bodies in order (unit tests of sources). */
import { createSourceClient, type SourceClient } from '../../functions/core/http.js';
import Bottleneck from 'bottleneck';

export function stubClient(
  bodies: string[],
  o: { secret?: string; status?: number; contentType?: string } = {},
): { client: SourceClient; urls: string[] } {
  const urls: string[] = [];
  const fetchStub = (async (url: string | URL) => {
    urls.push(String(url));
    return new Response(bodies[urls.length - 1] ?? bodies.at(-1)!, {
      status: o.status ?? 200,
      headers: { 'content-type': o.contentType ?? 'application/json' },
    });
  }) as typeof fetch;
  return {
    urls,
    client: createSourceClient({
      codePrefix: 'TEST',
      limits: { timeoutMs: 1000, retries: 1, concurrency: 1, ratePerSecond: 0, dailyQuota: 0 },
      secret: o.secret,
      fetch: fetchStub,
      limiter: new Bottleneck(),
    }),
  };
}
