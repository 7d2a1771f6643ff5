/**
 * The one HTTP client every source uses; no source paces or retries by itself. Per source it owns:
 *   - concurrency and a request rate (Bottleneck: `maxConcurrent`, `minTime`), shared by every unit
 *     the process runs, so a fan-out of 121 places never exceeds the configured rate;
 *   - a daily quota (a counter per 24 h window, taken synchronously before a request is queued, so
 *     concurrent requests can never overdraw it): when it is spent, requests fail fast as transient
 *     `<SRC>.QUOTA` instead of queueing for hours (per process: Cloud Functions
 *     instances do not share it, so the plan check at start-up is what keeps a schedule inside it);
 *   - timeouts, and retries with jittered exponential backoff for transient failures that honour a
 *     `Retry-After` header (seconds or an HTTP date), re-entering the limiter so retries are paced too;
 *   - redaction of the secret BY VALUE (raw, URL-encoded and form-encoded) from every URL, header,
 *     body, error message and stored exchange, wherever in the request the API wants its key.
 * Every final response becomes an `Exchange`: the raw object of a unit is the list of them.
 */
import Bottleneck from 'bottleneck';
import {
  PermanentError,
  RETRYABLE_HTTP_STATUSES,
  RETRYABLE_NETWORK_CODES,
  TransientError,
} from './errors.js';

export interface ClientLimits {
  timeoutMs: number;
  /** Attempts per request (1 = no retry) before a transient failure is handed to the platform. */
  retries: number;
  concurrency: number;
  /** Requests per second across the process (0 = unlimited). */
  ratePerSecond: number;
  /** Requests per 24 h across the process (0 = unlimited). */
  dailyQuota: number;
}

/** One HTTP exchange exactly as it happened, with the secret redacted. One line of a raw object. */
export interface Exchange {
  /** What the request was for within the unit (a place code, a page number, a posting id). */
  key: string;
  /**
   * `url` is the path and query only: the origin is configuration (`<SOURCE>_BASE_URL`), so the same
   * answers through another host or port (a proxy, the fake API) store the same bytes.
   */
  request: { method: string; url: string; headers?: Record<string, string>; body?: string };
  status: number;
  contentType: string;
  body: string;
  // No arrival time: identical answers must store identical bytes (no new generation on a re-run).
}

export interface HttpRequest {
  key: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface SourceClient {
  /** Sends one request through the source's limiter; resolves with the final (non-retryable) answer. */
  request(req: HttpRequest): Promise<Exchange>;
  /** Removes the secret, wherever it appears, from a text. */
  redact(text: string): string;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const REDACTED = '[REDACTED]';
/** Requests are spaced this much wider than 1/rate (see limiterFor). */
export const RATE_MARGIN = 1.05;
/** A Retry-After longer than this is not waited for in-process: the platform retries later. */
const MAX_IN_PROCESS_WAIT_MS = 30_000;

/** Redacts a secret by value in its plain, URL-encoded and form-encoded spellings. */
export function redactor(secret: string | undefined): (text: string) => string {
  if (!secret) return (text) => text;
  const forms = [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ k: secret }).toString().slice(2),
    ]),
  ].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const f of forms) out = out.split(f).join(REDACTED);
    return out;
  };
}

/** Milliseconds a `Retry-After` header asks for, or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

class RetryableFailure extends Error {
  constructor(
    readonly error: TransientError,
    readonly waitMs: number | undefined,
  ) {
    super(error.message);
  }
}

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function pathAndQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function display(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

export interface ClientOptions {
  /** Error-code prefix, e.g. `SEOUL`. */
  codePrefix: string;
  limits: ClientLimits;
  secret: string | undefined;
  fetch: typeof fetch;
  sleep?: Sleep;
  /** A limiter shared by every client of the same source in this process (see `limiterFor`). */
  limiter?: Bottleneck;
}

/** One limiter per source and setting, shared by every unit the process runs. */
const limiters = new Map<string, Bottleneck>();

export function limiterFor(source: string, limits: ClientLimits): Bottleneck {
  const id = `${source}|${limits.concurrency}|${limits.ratePerSecond}|${limits.dailyQuota}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new Bottleneck({
      maxConcurrent: limits.concurrency,
      // 5% over the nominal spacing: requests leave evenly but arrive with jitter, and the API
      // counts arrivals; 10 req/s leave every 105 ms so no second at the server sees an 11th.
      minTime:
        limits.ratePerSecond > 0 ? Math.ceil((1000 / limits.ratePerSecond) * RATE_MARGIN) : 0,
    });
    limiters.set(id, limiter);
  }
  return limiter;
}

/**
 * Node's fetch initialises its HTTP machinery on the first call (~50 ms): the first request of a
 * process would leave that much late and arrive bunched with the next, so a paced fan-out could show
 * the API 11 requests in one sliding second at 10/s. A `data:` URL initialises it without a request.
 */
let warmedUp: Promise<unknown> | undefined;
function warmUp(fetchImpl: typeof fetch): Promise<unknown> {
  if (fetchImpl !== globalThis.fetch) return Promise.resolve();
  warmedUp ??= fetchImpl('data:,').then(
    (r) => r.text(),
    () => undefined,
  );
  return warmedUp;
}

/** Requests taken from each limiter's daily quota in the current 24 h window. */
const quotaUse = new WeakMap<Bottleneck, { windowStart: number; used: number }>();

/** Takes one request from the quota, or returns false when it is spent (0 = unlimited). Synchronous. */
export function takeQuota(limiter: Bottleneck, dailyQuota: number, now: number): boolean {
  if (dailyQuota <= 0) return true;
  let use = quotaUse.get(limiter);
  if (!use || now - use.windowStart >= 86_400_000) {
    use = { windowStart: now, used: 0 };
    quotaUse.set(limiter, use);
  }
  if (use.used >= dailyQuota) return false;
  use.used++;
  return true;
}

export function createSourceClient(o: ClientOptions): SourceClient {
  const redact = redactor(o.secret);
  const limiter = o.limiter ?? limiterFor(o.codePrefix, o.limits);
  const sleep = o.sleep ?? realSleep;
  const attempts = Math.max(1, o.limits.retries);

  async function once(req: HttpRequest): Promise<Exchange> {
    const method = req.method ?? 'GET';
    const where = `${method} ${redact(display(req.url))}`;
    let res: Response;
    let body: string;
    try {
      res = await o.fetch(req.url, {
        method,
        headers: req.headers ?? {},
        ...(req.body === undefined ? {} : { body: req.body }),
        signal: AbortSignal.timeout(o.limits.timeoutMs),
      });
      body = await res.text();
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new RetryableFailure(
          new TransientError(
            `${o.codePrefix}.TIMEOUT`,
            `${where} timed out after ${o.limits.timeoutMs} ms`,
          ),
          undefined,
        );
      const code = networkCode(error);
      if ((code && RETRYABLE_NETWORK_CODES.has(code)) || error instanceof TypeError)
        throw new RetryableFailure(
          new TransientError(
            `${o.codePrefix}.NETWORK`,
            `${where} failed: ${code ?? 'fetch failed'}`,
          ),
          undefined,
        );
      throw new PermanentError(`${o.codePrefix}.REQUEST`, `${where} could not be sent`);
    }
    if (RETRYABLE_HTTP_STATUSES.has(res.status))
      throw new RetryableFailure(
        new TransientError(
          `${o.codePrefix}.HTTP_${res.status}`,
          `${where} answered HTTP ${res.status}`,
        ),
        retryAfterMs(res.headers.get('retry-after')),
      );
    return {
      key: req.key,
      request: {
        method,
        url: redact(pathAndQuery(req.url)),
        ...(req.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(req.headers).map(([k, v]) => [k, redact(v)]),
              ),
            }
          : {}),
        ...(req.body === undefined ? {} : { body: redact(req.body) }),
      },
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      // Some APIs echo the key in an error text: the stored body never carries it either.
      body: redact(body),
    };
  }

  return {
    redact,
    async request(req) {
      await warmUp(o.fetch);
      let last: TransientError | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (!takeQuota(limiter, o.limits.dailyQuota, Date.now()))
          throw new TransientError(
            `${o.codePrefix}.QUOTA`,
            `the daily quota of ${o.limits.dailyQuota} requests is spent in this process; retry after it refills`,
          );
        try {
          return await limiter.schedule(() => once(req));
        } catch (error) {
          if (!(error instanceof RetryableFailure)) throw error;
          last = error.error;
          if (attempt === attempts) break;
          const backoff = Math.min(30_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
          const wait = error.waitMs ?? backoff;
          if (wait > MAX_IN_PROCESS_WAIT_MS) break;
          await sleep(wait);
        }
      }
      throw last!;
    },
  };
}
