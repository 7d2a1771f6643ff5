/**
 * The one HTTP path every source client uses: timeout, bounded retries with jittered backoff for
 * transient failures, a simple rate limit, and error classification. URLs are redacted before they
 * reach an error message, so an API key in a query string or path never leaks.
 */
import {
  RETRYABLE_HTTP_STATUSES,
  RETRYABLE_NETWORK_CODES,
  PermanentError,
  TransientError,
} from './errors.js';

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface HttpRequest {
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  retries: number;
  /** Source prefix for error codes, e.g. `SARAMIN`. */
  codePrefix: string;
  /** How to show the URL in errors (defaults to origin + path). */
  display?: string;
}

export type HttpClient = (req: HttpRequest) => Promise<HttpResponse>;

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Builds an HttpClient on top of a fetch implementation (global fetch in production). */
export function createHttpClient(fetchImpl: typeof fetch, sleep: Sleep = realSleep): HttpClient {
  return async (req) => {
    const display = req.display ?? safeDisplay(req.url);
    let last: TransientError | undefined;
    for (let attempt = 1; attempt <= Math.max(1, req.retries); attempt++) {
      if (attempt > 1)
        await sleep(Math.min(30_000, 250 * 2 ** (attempt - 2)) * (0.5 + Math.random() / 2));
      try {
        const res = await fetchImpl(req.url, {
          headers: req.headers ?? {},
          signal: AbortSignal.timeout(req.timeoutMs),
        });
        const body = await res.text();
        if (res.ok)
          return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
        if (RETRYABLE_HTTP_STATUSES.has(res.status)) {
          last = new TransientError(
            `${req.codePrefix}.HTTP_${res.status}`,
            `GET ${display} answered HTTP ${res.status}`,
          );
          continue;
        }
        // Non-retryable statuses still go to the source's parser: several APIs put their error envelope there.
        return { status: res.status, contentType: res.headers.get('content-type') ?? '', body };
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'TimeoutError' || name === 'AbortError') {
          last = new TransientError(
            `${req.codePrefix}.TIMEOUT`,
            `GET ${display} timed out after ${req.timeoutMs} ms`,
          );
          continue;
        }
        const code = networkCode(error);
        if (code && RETRYABLE_NETWORK_CODES.has(code)) {
          last = new TransientError(`${req.codePrefix}.NETWORK`, `GET ${display} failed: ${code}`);
          continue;
        }
        if (error instanceof TypeError) {
          last = new TransientError(
            `${req.codePrefix}.NETWORK`,
            `GET ${display} failed: ${code ?? 'fetch failed'}`,
          );
          continue;
        }
        throw new PermanentError(`${req.codePrefix}.REQUEST`, `GET ${display} could not be sent`);
      }
    }
    throw last ?? new TransientError(`${req.codePrefix}.HTTP`, `GET ${display} failed`);
  };
}

function safeDisplay(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
