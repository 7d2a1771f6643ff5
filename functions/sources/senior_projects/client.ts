/**
 * Senior job programme projects (reference/sources.md §3): one unit = one yearly file of dataset
 * 15050148 on the odcloud auto-API, `GET {base}/api/15050148/v1/uddi:<uuid>?page=&perPage=&
 * returnType=JSON&serviceKey=`. Page 1 tells totalCount; the other pages are asked for together,
 * paced by the shared client. The unit is a full refresh of its year (the load replaces the year's
 * rows), so it is all or nothing: a page that failed fails the unit, never a partial year.
 *   {"code": -4, ...} (key not registered / not applied for), HTTP 401/403 -> ConfigError, body kept
 *   {"code": -3, ...} (service not registered: the uddi is gone)           -> ConfigError, body kept
 *   another negative code                                                    -> PermanentError, body kept
 *   HTML, a body that is not JSON (truncated), an envelope that contradicts
 *   itself (data.length != currentCount)                                     -> PermanentError, body kept
 *   a page short of what totalCount promises, or totalCount changing between
 *   pages (the file re-published while read)                                 -> TransientError: retried
 *   5xx, 429, timeouts                                                       -> retried by the client
 */
import * as z from 'zod/mini';
import { ConfigError, PermanentError, TransientError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { ExtractContext, ExtractResult } from '../types.js';
import { fileOf, filePath } from './files.js';

const P = 'SENIOR_PROJECTS';

// Integers sent as numbers or numeric strings (zod/mini: see functions/core/events.ts).
const count = (check: z.core.$ZodCheck<number>) => z.pipe(z.coerce.number(), z.int().check(check));

const Envelope = z.object({
  page: count(z.positive()),
  perPage: count(z.positive()),
  totalCount: count(z.nonnegative()),
  currentCount: count(z.nonnegative()),
  matchCount: z.optional(count(z.nonnegative())),
  data: z.array(z.record(z.string(), z.unknown())),
});

export type Page = z.infer<typeof Envelope>;

const ErrorBody = z.object({
  code: z.pipe(z.coerce.number(), z.int()),
  msg: z.optional(z.string()),
});

const HTML_RE = /^\s*</;

/** What one page's answer is; throws the classified error (the body kept) otherwise. Pure. */
export function classifyPage(x: Pick<Exchange, 'status' | 'body' | 'contentType'>): Page {
  const keep = { payload: x.body };
  const auth = x.status === 401 || x.status === 403;
  if (HTML_RE.test(x.body))
    throw auth
      ? new ConfigError(`${P}.AUTH`, `key rejected (HTTP ${x.status}, an HTML page)`, keep)
      : new PermanentError(`${P}.HTML`, `answer is HTML or XML (HTTP ${x.status})`, keep);
  let json: unknown;
  try {
    json = JSON.parse(x.body);
  } catch {
    throw new PermanentError(
      `${P}.NOT_JSON`,
      `answer is not JSON (HTTP ${x.status}, ${x.body.length} chars: truncated?)`,
      keep,
    );
  }
  const error = ErrorBody.safeParse(json);
  if (error.success && !(json as { data?: unknown }).data) {
    const { code, msg } = error.data;
    const what = `odcloud error ${code}${msg ? ` (${msg.slice(0, 80)})` : ''}`;
    if (code === -4 || auth)
      throw new ConfigError(
        `${P}.AUTH`,
        `${what}: the key is not registered for dataset 15050148; set DATA_GO_KR_SERVICE_KEY`,
        keep,
      );
    if (code === -3)
      throw new ConfigError(`${P}.NOT_REGISTERED`, `${what}: the file's uddi is not served`, keep);
    throw new PermanentError(`${P}.API_ERROR`, `${what} (HTTP ${x.status})`, keep);
  }
  if (auth) throw new ConfigError(`${P}.AUTH`, `key rejected (HTTP ${x.status})`, keep);
  if (x.status !== 200)
    throw new PermanentError(`${P}.HTTP_${x.status}`, `answer is HTTP ${x.status}`, keep);
  const page = Envelope.safeParse(json);
  if (!page.success)
    throw new PermanentError(
      `${P}.SCHEMA_DRIFT`,
      `not an odcloud page: ${page.error.issues[0]?.path.join('.')} ${page.error.issues[0]?.message}`,
      keep,
    );
  if (page.data.data.length !== page.data.currentCount)
    throw new PermanentError(
      `${P}.SHAPE`,
      `page ${page.data.page} says currentCount ${page.data.currentCount} but holds ${page.data.data.length} rows`,
      keep,
    );
  return page.data;
}

/** Rows page `page` of `total` must hold at `perPage` a page. */
export const expectedRows = (total: number, perPage: number, page: number) =>
  Math.max(0, Math.min(perPage, total - (page - 1) * perPage));

/** Throws when a page does not hold what page 1's totalCount promised (see the header). */
export function checkCoverage(pages: readonly Page[], perPage: number): void {
  const total = pages[0]?.totalCount ?? 0;
  for (const p of pages) {
    if (p.perPage !== perPage)
      throw new ConfigError(
        `${P}.PAGE_SIZE`,
        `asked for ${perPage} rows a page, the API serves ${p.perPage}: set SENIOR_PROJECTS_PAGE_SIZE`,
      );
    if (p.totalCount !== total)
      throw new TransientError(
        `${P}.FILE_CHANGED`,
        `totalCount went from ${total} to ${p.totalCount} while the file was read (re-published?)`,
      );
    const want = expectedRows(total, perPage, p.page);
    if (p.currentCount !== want)
      throw new TransientError(
        `${P}.PARTIAL_PAGE`,
        `page ${p.page} holds ${p.currentCount} rows, ${want} expected (of ${total})`,
      );
  }
  const count = Math.max(1, Math.ceil(total / perPage));
  if (pages.length !== count)
    throw new TransientError(
      `${P}.MISSING_PAGES`,
      `${pages.length} page(s) for ${total} rows at ${perPage} a page; ${count} expected`,
    );
}

export const pageKey = (page: number) => `page-${page}`;

export async function extractSeniorProjects(ctx: ExtractContext): Promise<ExtractResult> {
  if (!ctx.secret) throw new ConfigError(`${P}.NO_KEY`, 'DATA_GO_KR_SERVICE_KEY is not set');
  const file = fileOf(ctx.unit.key);
  if (!file)
    throw new PermanentError(
      `${P}.BAD_KEY`,
      `senior_projects units are keyed by a year with a known file (files.ts), got ${ctx.unit.id}`,
    );
  const perPage = ctx.settings.pageSize;
  const fetchPage = async (page: number) => {
    const url = new URL(filePath(file.uddi), ctx.settings.baseUrl);
    url.searchParams.set('page', String(page));
    url.searchParams.set('perPage', String(perPage));
    url.searchParams.set('returnType', 'JSON');
    // The "Decoding" key, encoded exactly once here.
    url.searchParams.set('serviceKey', ctx.secret!);
    const x = await ctx.client.request({ key: pageKey(page), url: url.toString() });
    return { x, page: classifyPage(x) };
  };
  const first = await fetchPage(1);
  const pageCount = Math.ceil(first.page.totalCount / perPage);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => fetchPage(i + 2)),
  );
  const all = [first, ...rest];
  checkCoverage(
    all.map((a) => a.page),
    perPage,
  );
  const total = first.page.totalCount;
  ctx.log.info('senior projects file', { key: ctx.unit.key, pages: all.length, rows: total });
  if (total === 0) return { kind: 'empty', reason: `the ${file.year} file has no rows` };
  return { kind: 'data', exchanges: all.map((a) => a.x), apiTotal: total, rawRows: total };
}
