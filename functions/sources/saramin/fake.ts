/**
 * The fake job-search API for the local runtime and tests, with Saramin's quirks (reference/sources.md §1):
 * `start` is a page number, `total` a string, a single job is an object instead of an array, and
 * errors are `{"code": n, "message": ...}` envelopes with HTTP 200. Serves test/fixtures/saramin/jobs.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, FakeRoute } from '../types.js';

type Json = Record<string, unknown>;
const json = (body: unknown): FakeReply => ({
  status: 200,
  body: JSON.stringify(body),
  contentType: 'application/json;charset=UTF-8',
});

function answer(params: Record<string, string>, jobs: Json[], key: string): FakeReply {
  if (!params['access-key']) return json({ code: 1, message: 'access-key is missing' });
  if (params['access-key'] !== key) return json({ code: 2, message: 'Invalid access-key' });
  const count = Number(params.count ?? 10);
  const start = Number(params.start ?? 0);
  if (
    !Number.isInteger(count) ||
    count < 1 ||
    count > 110 ||
    !Number.isInteger(start) ||
    start < 0
  ) {
    return json({ code: 3, message: 'Invalid parameter: count/start' });
  }
  const field = params.updated_min || params.updated_max ? 'updated' : 'published';
  const stamp = field === 'updated' ? 'modification-timestamp' : 'posting-timestamp';
  const min = Number(params[`${field}_min`] ?? 0);
  const max = Number(params[`${field}_max`] ?? Number.MAX_SAFE_INTEGER);
  const mids = params.job_mid_cd ? params.job_mid_cd.split(/[ ,+]/) : null;
  const hits = jobs
    .filter((j) => {
      const t = Number(j[stamp]);
      const codes = String(
        ((j.position as Record<string, Record<string, string>>)['job-mid-code'] ?? {}).code ?? '',
      ).split(',');
      return t >= min && t <= max && (!mids || codes.some((c) => mids.includes(c)));
    })
    .sort((a, b) => Number(a[stamp]) - Number(b[stamp]));
  const page = hits.slice(start * count, start * count + count);
  return json({
    jobs: {
      count: page.length,
      start,
      total: String(hits.length),
      job: page.length === 1 ? page[0] : page,
    },
  });
}

export const saraminFake: FakeRoute = {
  matches: (path) => path === '/job-search',
  create(fixturesDir, key) {
    const jobs = JSON.parse(
      readFileSync(join(fixturesDir, 'saramin', 'jobs.json'), 'utf8'),
    ) as Json[];
    return (req) => answer(req.params, jobs, key);
  },
};
