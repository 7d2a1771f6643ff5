/**
 * The fake odcloud file API for the local runtime and tests (reference/sources.md §3): serves
 * test/fixtures/senior_projects/<year>.json (the file's records with that year's Korean column names,
 * date formats and number types) page by page in the exact envelope `{page, perPage, totalCount,
 * currentCount, matchCount, data}`. A key it does not know gets `{"code": -4, ...}` with HTTP 401, a
 * uddi with no file `{"code": -3, ...}`. Faults (HTML, truncated bodies, -4 with HTTP 200) are
 * injected by tests through the fake server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeReply, FakeRoute } from '../types.js';
import { DATASET_ID, YEARLY_FILES } from './files.js';

const json = (body: unknown, status = 200): FakeReply => ({
  status,
  body: JSON.stringify(body),
  contentType: 'application/json;charset=UTF-8',
});

const PREFIX = `/api/${DATASET_ID}/v1/`;

function answer(uddi: string, params: Record<string, string>, dir: string, key: string): FakeReply {
  if (params.serviceKey !== key)
    return json({ code: -4, msg: '등록되지 않은 인증키 입니다.' }, 401);
  const year = Object.entries(YEARLY_FILES).find(([, u]) => u === uddi)?.[0];
  const file = year && join(dir, `${year}.json`);
  if (!file || !existsSync(file))
    return json({ code: -3, msg: '등록되지 않은 서비스 입니다.' }, 404);
  const records = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
  const page = Math.max(1, Number(params.page ?? 1) || 1);
  const perPage = Math.max(1, Number(params.perPage ?? 10) || 10);
  const data = records.slice((page - 1) * perPage, page * perPage);
  return json({
    page,
    perPage,
    totalCount: records.length,
    currentCount: data.length,
    matchCount: records.length,
    data,
  });
}

export const seniorProjectsFake: FakeRoute = {
  matches: (path) => path.startsWith(PREFIX),
  create: (fixturesDir, key) => (req) =>
    answer(
      decodeURIComponent(req.path.slice(PREFIX.length)),
      req.params,
      join(fixturesDir, 'senior_projects'),
      key,
    ),
};
