/**
 * 100세누리 구인정보 (SenuriService, reference/sources.md §2), XML, every request through the shared
 * client. One unit = one KST day D (the previous day when scheduled):
 *
 * 1. `getJobList`, newest first, `numOfRows` = the page size, page after page. STOP RULE: stop after
 *    the first page whose LAST item has `frDd` before D (the list has passed into older postings), or
 *    at the end of the list (a short page, NODATA, or pageNo * numOfRows >= totalCount). More than
 *    `maxPages` pages is refused (SENURI.LIST_TOO_DEEP): a far backfill would page through years of
 *    closed postings.
 *    ASSUMPTION: the list is ordered by registration, newest first, and `frDd` (application start)
 *    follows registration closely. A posting whose `frDd` lies ahead of its registration was listed
 *    near the top by the units between the two, so each unit takes every posting on its pages with
 *    `frDd` >= D (or no `frDd`): consecutive units overlap, which the fetch state makes cheap.
 *    The same jobId on two pages (the list shifted while paging) collapses to its first (newest)
 *    occurrence.
 * 2. `getJobInfo` for each of those postings, `concurrency` workers pulling from one queue (the
 *    shared client paces them): the service answers in 9-30 s, so a worker issues a call only while
 *    `timeoutMs x retries` still fits the time budget (`budgetSeconds`, under the function's 540 s).
 *    When it does not, the rest are not asked: the unit ends `partial` with their jobIds as retry
 *    keys marked `continuable`, and the extract stage publishes the `{"slot": ..., "keys": [...]}`
 *    message itself (stages/extract.ts, bounded by MAX_CONTINUATIONS), which fetches only those
 *    details and merges them into the raw object. Code 22 (the day's quota is spent) also leaves
 *    retry keys, but not continuable ones: they cannot succeed within the day.
 *
 * FETCH STATE (postings already fetched for an earlier unit are not fetched again unless they
 * changed): core.senuri_job_details keeps, per jobId, `list_hash` = sha256 of the list item the
 * detail was fetched with. Before the detail calls the extract reads (job_id, list_hash,
 * _last_slot_id) back from the warehouse and skips a posting whose list item hashes the same and
 * whose detail another unit wrote. It is idempotent by construction: the state is what was LOADED (a
 * unit that never loaded leaves no state, so its postings are asked again), it is written by the
 * same load as the details, and a re-run of a unit asks again for its own postings, so re-runs
 * produce the same raw object. A change the list does not show (only the body text edited) is not
 * seen until the list item changes: the list is the only cheap signal.
 *
 * Errors (datagokr/envelope.ts, plus the XML quirks of datagokr/xml.ts):
 *   key errors (gateway 30/31/32/33..., 401/403)  -> ConfigError for the unit, answer quarantined
 *   22 quota                                      -> list: PermanentError (not retried today);
 *                                                    detail: stop asking, the rest become retry keys
 *   01/02/04/05/99, HTTP 5xx/timeouts, cut-off XML -> list: thrown (the platform retries the unit);
 *                                                    detail: that jobId is a failed key (partial)
 *   NODATA (03) on a detail                       -> the posting stays, with empty detail columns
 *   HTML page, unknown envelope                   -> list: PermanentError with the body; detail:
 *                                                    that jobId is a failed key
 */
import { createHash } from 'node:crypto';
import { ConfigError, PermanentError, PipelineError, TransientError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import { NODATA, itemsOf, parseDataGoKr } from '../datagokr/envelope.js';
import type { ExtractContext, ExtractResult, KeyFailure } from '../types.js';
import { senuriJobDetails } from './tables.js';

export const SENURI_PATH = '/B552474/SenuriService';
export const LIST_OP = 'getJobList';
export const DETAIL_OP = 'getJobInfo';

export type Item = Record<string, unknown>;
export type SenuriAnswer = { kind: 'data'; items: Item[]; totalCount: number } | { kind: 'nodata' };

const HTML_RE = /^\s*(<!doctype html|<html)/i;
const QUOTA_CODE = 'SENURI.LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR';

/** Exchange key of list page n: `page-0001` (sorts before nothing a jobId could be confused with). */
export const pageKey = (n: number) => `page-${String(n).padStart(4, '0')}`;
export const isPageKey = (key: string) => /^page-\d{4,}$/.test(key);

/** What one answer means; throws the classified error (the body kept where it is rejected). Pure. */
export function classifySenuri(x: Pick<Exchange, 'status' | 'body'>): SenuriAnswer {
  if (HTML_RE.test(x.body))
    throw new PermanentError('SENURI.HTML', `answer is an HTML page (HTTP ${x.status})`, {
      payload: x.body,
    });
  let parsed;
  try {
    parsed = parseDataGoKr('SENURI', x.body, x.status);
  } catch (error) {
    if (error instanceof PipelineError && error.code === QUOTA_CODE)
      throw new PermanentError(
        'SENURI.QUOTA',
        'data.go.kr answered 22: the key’s daily quota is spent; not retried today (replay tomorrow)',
        { payload: x.body },
      );
    if (error instanceof PipelineError && error.kind !== 'transient') error.payload ??= x.body;
    throw error;
  }
  if (parsed.resultCode === NODATA) return { kind: 'nodata' };
  const body = parsed.response.body as Record<string, unknown> | undefined;
  const total = Number(String(body?.totalCount ?? '').trim());
  const items = itemsOf(parsed.response);
  return { kind: 'data', items, totalCount: Number.isFinite(total) ? total : items.length };
}

/** A text field of an item, trimmed; '' for absent or nil. */
export function field(item: Item, name: string): string {
  const v = item[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** `YYYYMMDD` or `YYYY-MM-DD` -> `YYYY-MM-DD`; undefined when empty or not a date. */
export function ymd(text: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

/** sha256 of a list item as parsed (keys sorted): formatting and padding do not count as change. */
export function listHash(item: Item): string {
  const keys = Object.keys(item).sort();
  const canonical = JSON.stringify(keys.map((k) => [k, item[k] ?? null]));
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The unit's postings from its list pages in page order: first occurrence per jobId wins, kept when
 * `frDd` >= the unit's date or has no date. Used by the extract and the transform alike.
 */
export function unitPostings(pages: Item[][], unitDate: string): Map<string, Item> {
  const out = new Map<string, Item>();
  for (const items of pages)
    for (const item of items) {
      const id = field(item, 'jobId');
      if (!id || out.has(id)) continue;
      const fr = ymd(field(item, 'frDd'));
      if (fr === undefined || fr >= unitDate) out.set(id, item);
    }
  return out;
}

/** True when this page ends the walk: its last item is older than the unit's day. */
export function pastTheDay(items: Item[], unitDate: string): boolean {
  const last = items.at(-1);
  const fr = last ? ymd(field(last, 'frDd')) : undefined;
  return fr !== undefined && fr < unitDate;
}

const positive = (text: string | undefined, fallback: number): number => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

function url(ctx: ExtractContext, op: string, params: Record<string, string>): string {
  const base = (ctx.options.path ?? SENURI_PATH).replace(/\/$/, '');
  const u = new URL(`${base}/${op}`, ctx.settings.baseUrl);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  // The "Decoding" key, encoded exactly once here (a raw `+` would read as a space).
  u.searchParams.set('serviceKey', ctx.secret!);
  return u.toString();
}

export const STATE_SQL = `select job_id, list_hash, _last_slot_id from ${senuriJobDetails.name}`;

/** jobId -> (list_hash, unit) of the details already loaded; empty when the state cannot be read. */
async function fetchState(
  ctx: ExtractContext,
): Promise<Map<string, { hash: string; slot: string }>> {
  const state = new Map<string, { hash: string; slot: string }>();
  if (!ctx.warehouse) return state;
  try {
    for (const r of await ctx.warehouse.query(STATE_SQL))
      state.set(String(r.job_id), { hash: String(r.list_hash), slot: String(r._last_slot_id) });
  } catch (error) {
    // Asking for every detail is still correct, only slower (the budget bounds it).
    ctx.log.warn('senuri fetch state unreadable; every detail is asked for', {
      error: (error as Error).message.slice(0, 200),
    });
  }
  return state;
}

async function listPages(
  ctx: ExtractContext,
  roomLeft: () => boolean,
): Promise<{ pages: Item[][]; exchanges: Exchange[] }> {
  const rows = ctx.settings.pageSize;
  const maxPages = positive(ctx.options.maxPages, 20);
  const pages: Item[][] = [];
  const exchanges: Exchange[] = [];
  for (let n = 1; ; n++) {
    if (n > maxPages)
      throw new PermanentError(
        'SENURI.LIST_TOO_DEEP',
        `${maxPages} pages of ${rows} did not reach ${ctx.unit.date}: raise SENURI_OPTIONS maxPages or the page size`,
      );
    // The list must be whole before any detail is asked; slow answers may fit on another attempt.
    if (!roomLeft())
      throw new TransientError(
        'SENURI.TIME_BUDGET',
        `the list did not fit the time budget (${n - 1} pages read)`,
      );
    const x = await ctx.client.request({
      key: pageKey(n),
      url: url(ctx, LIST_OP, { pageNo: String(n), numOfRows: String(rows) }),
    });
    const answer = classifySenuri(x);
    if (answer.kind === 'nodata') break;
    exchanges.push(x);
    pages.push(answer.items);
    if (
      answer.items.length < rows ||
      n * rows >= answer.totalCount ||
      pastTheDay(answer.items, ctx.unit.date)
    )
      break;
  }
  return { pages, exchanges };
}

export async function extractSenuri(ctx: ExtractContext): Promise<ExtractResult> {
  if (!ctx.secret) throw new ConfigError('SENURI.NO_KEY', 'DATA_GO_KR_SERVICE_KEY is not set');
  const started = performance.now();
  const budgetMs = positive(ctx.options.budgetSeconds, 420) * 1000;
  const exchanges: Exchange[] = [];
  let ids: string[];
  let postings = 0;
  let skipped = 0;
  const perCallMs = ctx.settings.timeoutMs * Math.max(1, ctx.settings.retries);
  const roomLeft = () => performance.now() - started + perCallMs <= budgetMs;
  if (ctx.only) {
    // A retry of some details: the unit's list pages stay in its raw object as they were.
    if (ctx.only.some(isPageKey))
      throw new PermanentError(
        'SENURI.BAD_KEYS',
        'retry keys are jobIds; run the whole unit again to read the list again',
      );
    ids = [...new Set(ctx.only)];
    postings = ids.length;
  } else {
    const list = await listPages(ctx, roomLeft);
    exchanges.push(...list.exchanges);
    const unit = unitPostings(list.pages, ctx.unit.date);
    postings = unit.size;
    if (postings === 0)
      return { kind: 'empty', reason: `no posting with frDd on or after ${ctx.unit.date}` };
    const state = await fetchState(ctx);
    ids = [];
    for (const [id, item] of unit) {
      const known = state.get(id);
      if (known && known.hash === listHash(item) && known.slot !== ctx.unit.id) skipped++;
      else ids.push(id);
    }
  }

  const failures: KeyFailure[] = [];
  const emptyKeys: string[] = [];
  const queue = [...ids];
  // A spent budget is continuable (the extract stage asks the rest in another invocation); a spent
  // quota is not (it cannot succeed today).
  let stop: { code: string; message: string; continuable?: boolean } | undefined;
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (!stop && !roomLeft())
        stop = {
          code: 'SENURI.TIME_BUDGET',
          message: `not asked: the ${budgetMs / 1000} s budget had no room for another call`,
          continuable: true,
        };
      if (stop) {
        failures.push({ key: id, ...stop });
        continue;
      }
      try {
        const x = await ctx.client.request({ key: id, url: url(ctx, DETAIL_OP, { id }) });
        const answer = classifySenuri(x);
        exchanges.push(x);
        if (answer.kind === 'nodata' || answer.items.length === 0) emptyKeys.push(id);
      } catch (error) {
        if (!(error instanceof PipelineError)) throw error;
        if (error.kind === 'config') {
          // Every other call would be refused the same way: the other workers stop too.
          stop = { code: error.code, message: 'not asked: the key was refused' };
          throw error;
        }
        if (error.code === 'SENURI.QUOTA')
          stop ??= { code: error.code, message: 'not asked: the daily quota is spent (22)' };
        failures.push({ key: id, code: error.code, message: ctx.client.redact(error.message) });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(ctx.settings.concurrency, ids.length)) }, worker),
  );
  ctx.log.info('senuri unit', {
    postings,
    asked: ids.length,
    unchanged_skipped: skipped,
    no_data: emptyKeys.length,
    failed: failures.length,
    elapsed_ms: Math.round(performance.now() - started),
  });
  return { kind: 'data', exchanges, apiTotal: postings, rawRows: postings, failures, emptyKeys };
}
