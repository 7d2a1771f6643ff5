/**
 * Saramin job-search API (reference/sources.md §1). One slot = the postings published in the slot's
 * window (`published_min`/`published_max`, Unix seconds). `start` is a 0-based PAGE number and
 * `count` is at most 110. Errors arrive as `{"code": n, "message": "..."}`, often with HTTP 200.
 */
import { ConfigError, PermanentError, TransientError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { ExtractContext, ExtractResult } from '../types.js';

export const SARAMIN_MAX_PAGE_SIZE = 110;

/** Error envelope codes -> our classification. Quota resets daily; retries are bounded by event age. */
export function classifySaraminError(code: number, status: number): Error {
  switch (code) {
    case 1:
    case 2:
      return new ConfigError(
        'SARAMIN.AUTH',
        `access-key rejected (code ${code}); set the SARAMIN_ACCESS_KEY secret`,
      );
    case 3:
      return new PermanentError(
        'SARAMIN.BAD_REQUEST',
        'the API rejected a request parameter (code 3)',
      );
    case 4:
      return new TransientError(
        'SARAMIN.QUOTA',
        'daily request limit exceeded (code 4); retry after the quota resets',
      );
    case 99:
      return new TransientError('SARAMIN.SERVER', 'server error (code 99)');
    default:
      return new PermanentError(
        'SARAMIN.ERROR_ENVELOPE',
        `unexpected error envelope code ${code} (HTTP ${status})`,
      );
  }
}

interface Page {
  body: string;
  total: number;
  count: number;
}

function parsePage(body: string, status: number): Page {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    if (status === 401 || status === 403)
      throw new ConfigError('SARAMIN.AUTH', `access-key rejected (HTTP ${status})`);
    throw new PermanentError('SARAMIN.NOT_JSON', `response is not JSON (HTTP ${status})`, {
      payload: body,
    });
  }
  const obj = (json ?? {}) as { jobs?: { total?: unknown; count?: unknown }; code?: unknown };
  if (!obj.jobs) {
    if (typeof obj.code === 'number' || typeof obj.code === 'string')
      throw classifySaraminError(Number(obj.code), status);
    throw new PermanentError('SARAMIN.SHAPE', 'response has neither `jobs` nor an error `code`', {
      payload: body,
    });
  }
  const total = Number(obj.jobs.total ?? 0);
  const count = Number(obj.jobs.count ?? 0);
  if (!Number.isFinite(total) || !Number.isFinite(count)) {
    throw new PermanentError('SARAMIN.SHAPE', '`jobs.total` or `jobs.count` is not a number', {
      payload: body,
    });
  }
  return { body, total, count };
}

/**
 * Which timestamp the slot's window filters on: `published` (default: each posting once, in the hour
 * it was posted) or `updated` (every modification lands in the hour it happened, so closures and
 * edits reach core.job_postings too; the MERGE keeps the latest modification).
 */
function windowOption(
  options: Record<string, string>,
): Record<string, string> & { window: 'published' | 'updated' } {
  const window = options.window ?? 'published';
  if (window !== 'published' && window !== 'updated') {
    throw new ConfigError(
      'SARAMIN.BAD_OPTION',
      `SARAMIN_OPTIONS window must be published or updated, got ${window}`,
    );
  }
  return { ...options, window };
}

export async function extractSaramin(ctx: ExtractContext): Promise<ExtractResult> {
  if (!ctx.secret) throw new ConfigError('SARAMIN.NO_KEY', 'SARAMIN_ACCESS_KEY is not set');
  const slot = ctx.unit.slot!;
  const pageSize = Math.min(SARAMIN_MAX_PAGE_SIZE, Math.max(1, ctx.settings.pageSize));
  const pages: Page[] = [];
  const exchanges: Exchange[] = [];
  let pageCount = 1;
  for (let start = 0; start < pageCount; start++) {
    const url = new URL('/job-search', ctx.settings.baseUrl);
    const { window: field, ...filters } = windowOption(ctx.options);
    const params: Record<string, string> = {
      ...filters,
      [`${field}_min`]: String(Math.floor(slot.start / 1000)),
      [`${field}_max`]: String(Math.floor(ctx.unit.end.getTime() / 1000) - 1),
      sort: field === 'updated' ? 'ua' : 'pa',
      fields: 'posting-date,expiration-date,keyword-code,count',
      start: String(start),
      count: String(pageSize),
    };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('access-key', ctx.secret);
    // Page keys sort in request order (`page-0001`), so the raw object keeps the API's order.
    const res = await ctx.client.request({
      key: `page-${String(start + 1).padStart(4, '0')}`,
      url: url.toString(),
      headers: { Accept: 'application/json' },
    });
    const page = parsePage(res.body, res.status);
    pages.push(page);
    exchanges.push(res);
    if (start === 0) pageCount = Math.ceil(page.total / pageSize);
    ctx.log.info('saramin page', {
      page: start,
      pages: pageCount,
      jobs: page.count,
      total: page.total,
    });
    if (page.count === 0) break;
  }
  const total = pages[0]?.total ?? 0;
  if (total === 0) return { kind: 'empty', reason: 'no postings in the slot window' };
  return {
    kind: 'data',
    exchanges,
    apiTotal: total,
    rawRows: pages.reduce((n, p) => n + p.count, 0),
  };
}
