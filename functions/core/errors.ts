/**
 * Error classes and the one classification the error policy acts on.
 *
 * transient  -> throw; the platform retries with backoff (network, 429, 5xx, quota windows)
 * permanent  -> quarantine the object, one alert, acknowledge (bad payload, error envelope with HTTP 200)
 * config     -> like permanent, but nothing is wrong with the data: a key or setting is missing/invalid
 *
 * Codes are namespaced strings (`SARAMIN.QUOTA`, `EVENT.MALFORMED`) so logs, the run ledger and alerts
 * can be filtered on them. Messages never carry secrets: clients redact URLs before building errors.
 */
export type ErrorKind = 'transient' | 'permanent' | 'config';

export interface ErrorOptions {
  cause?: unknown;
  /**
   * The (redacted) response or payload that was rejected and never became an object: the policy keeps
   * it in quarantine for every non-transient outcome, whatever the kind (a key error keeps the API's
   * answer too).
   */
  payload?: string;
}

export class PipelineError extends Error {
  payload: string | undefined;
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.payload = options?.payload;
  }
}

export class TransientError extends PipelineError {
  constructor(code: string, message: string, options?: ErrorOptions) {
    super('transient', code, message, options);
  }
}

export class PermanentError extends PipelineError {
  constructor(code: string, message: string, options?: ErrorOptions) {
    super('permanent', code, message, options);
  }
}

export class ConfigError extends PipelineError {
  constructor(code: string, message: string, options?: ErrorOptions) {
    super('config', code, message, options);
  }
}

/** HTTP statuses worth retrying; everything else in 4xx is the caller's fault and will not heal. */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([
  408, 425, 429, 500, 502, 503, 504,
]);

/** Node/undici network failure codes that mean "try again later". */
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * The shared tail of every client-library error mapping (adapters handle their special cases
 * first): auth -> config, retryable status or network code -> transient, other 4xx -> permanent,
 * anything else -> transient (bounded by the retry policy). `tag` is the code for HTTP statuses.
 */
export function classifyByStatus(
  code: unknown,
  prefix: string,
  message: string,
  cause: unknown,
  tag = typeof code === 'number' ? `${prefix}.HTTP_${code}` : `${prefix}.UNEXPECTED`,
): PipelineError {
  if (code === 401 || code === 403) return new ConfigError(tag, message, { cause });
  if (typeof code === 'number' && RETRYABLE_HTTP_STATUSES.has(code))
    return new TransientError(tag, message, { cause });
  if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code))
    return new TransientError(`${prefix}.NETWORK`, message, { cause });
  if (typeof code === 'number' && code >= 400 && code < 500)
    return new PermanentError(tag, message, { cause });
  return new TransientError(tag, message, { cause });
}

/** Unknown errors (bugs, SDK errors we did not wrap) are treated as transient: retries are bounded. */
export function classify(error: unknown): PipelineError {
  if (error instanceof PipelineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransientError('UNEXPECTED', message, { cause: error });
}

/** Strips query strings and path-embedded keys from URLs before they reach a log or an error. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
