/**
 * `pipeline dashboard`: a static HTML dashboard from the local warehouse. One page per area (pages.ts),
 * panels from the marts' `-- dashboard:` lines (panels.ts), each mart read once (read-only) and its rows
 * written into the pages that use it; the browser filters and draws them with the bundled Apache
 * ECharts (assets/, copied from node_modules: no network, it opens from file://).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DuckDbWarehouse } from '../adapters/local/duckdb.js';
import { packageRoot, SQL_DIR } from '../sqlfiles.js';
import { PAGES, type PageInfo } from './pages.js';
import { loadPanels, panelColumns, type Panel } from './panels.js';

const ASSETS = join(packageRoot(), 'functions', 'dashboard', 'assets');
/** Rows read per mart at most; a mart with more is cut (the page says so). */
export const MAX_ROWS = 50_000;

export interface MartData {
  columns: string[];
  rows: unknown[][];
  /** Why the mart could not be read (no such view in this warehouse, ...). */
  error?: string;
  missing?: boolean;
  truncated?: boolean;
}

export interface BuiltPage extends PageInfo {
  file: string;
  panels: Panel[];
}

export interface DashboardResult {
  out: string;
  index: string;
  pages: BuiltPage[];
  marts: Record<string, MartData>;
}

export interface DashboardOptions {
  /** State folder holding warehouse.duckdb. */
  root: string;
  /** Output folder (created; files in it are overwritten). */
  out: string;
  sqlDir?: string;
  now?: Date;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, ' ');

const RANK: Record<Panel['chart'], number> = { heatmap: 0, line: 1, bar: 1, table: 2 };

/** The pages in navigation order: the known ones, then any page id a panel names that is not known. */
export function pagesFor(panels: Panel[]): BuiltPage[] {
  const infos = [...PAGES];
  for (const p of panels)
    if (!infos.some((i) => i.id === p.page)) infos.push({ id: p.page, title: p.page, intro: '' });
  return infos.map((info) => ({
    ...info,
    file: `${info.id}.html`,
    // Wide panels first and last: heatmaps lead, tables close the page; charts pair up between.
    panels: panels
      .filter((p) => p.page === info.id)
      .map((p, i) => ({ p, i }))
      .sort((a, b) => RANK[a.p.chart] - RANK[b.p.chart] || a.i - b.i)
      .map(({ p }) => p),
  }));
}

async function readMarts(wh: DuckDbWarehouse, panels: Panel[]): Promise<Record<string, MartData>> {
  const columns = new Map<string, Set<string>>();
  for (const p of panels) {
    const set = columns.get(p.mart) ?? new Set<string>();
    for (const c of panelColumns(p)) set.add(c);
    columns.set(p.mart, set);
  }
  const marts: Record<string, MartData> = {};
  for (const [mart, cols] of columns) {
    const list = [...cols];
    try {
      const rows = await wh.queryOne(
        `select ${list.join(', ')} from ${mart} limit ${MAX_ROWS + 1}`,
      );
      marts[mart] = {
        columns: list,
        rows: rows.slice(0, MAX_ROWS).map((r) => list.map((c) => r[c] ?? null)),
        ...(rows.length > MAX_ROWS ? { truncated: true } : {}),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      const missing = /does not exist|not found/i.test(message);
      marts[mart] = {
        columns: list,
        rows: [],
        missing,
        error: missing
          ? `No data yet: ${mart} is not in this warehouse (any pipeline run on this --root creates the marts).`
          : `${mart} could not be read: ${message}`,
      };
    }
  }
  return marts;
}

function pageHtml(
  page: BuiltPage,
  pages: BuiltPage[],
  marts: Record<string, MartData>,
  meta: { generatedAt: string; root: string },
): string {
  const used = Object.fromEntries(
    [...new Set(page.panels.map((p) => p.mart))].map((m) => [m, marts[m]]),
  );
  const data = {
    page: { id: page.id, title: page.title, noPanels: page.noPanels },
    pages: pages.map((p) => ({ id: p.id, title: p.title, file: p.file })),
    panels: page.panels,
    marts: used,
    ...meta,
  };
  const cut = Object.entries(used)
    .filter(([, m]) => m?.truncated)
    .map(([name]) => name);
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(page.title)} — pipeline dashboard</title>
<link rel="stylesheet" href="assets/dashboard.css">
</head>
<body>
<header>
<h1>${escapeHtml(page.title)}</h1>
<div class="meta">Local warehouse ${escapeHtml(meta.root)} · built ${escapeHtml(meta.generatedAt)}</div>
<nav id="nav"></nav>
</header>
<p class="intro">${escapeHtml(page.intro)}${cut.length ? ` Only the first ${MAX_ROWS} rows of ${cut.map(escapeHtml).join(', ')} are shown.` : ''}</p>
<div id="filters"></div>
<main id="panels"></main>
<script src="assets/echarts.min.js"></script>
<script>window.DASHBOARD = ${scriptJson(data)};</script>
<script src="assets/dashboard.js"></script>
</body>
</html>
`;
}

function indexHtml(
  pages: BuiltPage[],
  marts: Record<string, MartData>,
  meta: { generatedAt: string; root: string },
): string {
  const rows = pages
    .map((p) => {
      const names = [...new Set(p.panels.map((x) => x.mart))];
      const rowsIn = names.map(
        (m) => `${m} (${marts[m]?.error ? 'not readable' : `${marts[m]?.rows.length ?? 0} rows`})`,
      );
      return `<tr><td><a href="${p.file}">${escapeHtml(p.title)}</a></td><td>${p.panels.length}</td><td>${
        rowsIn.length ? rowsIn.map(escapeHtml).join('<br>') : 'no data yet'
      }</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>pipeline dashboard</title>
<link rel="stylesheet" href="assets/dashboard.css">
</head>
<body>
<header><h1>Pipeline dashboard · 대시보드</h1>
<div class="meta">Local warehouse ${escapeHtml(meta.root)} · built ${escapeHtml(meta.generatedAt)}</div>
<nav>${pages.map((p) => `<a href="${p.file}">${escapeHtml(p.title)}</a>`).join('')}</nav></header>
<main id="panels"><section class="panel wide"><table>
<thead><tr><th>Page</th><th>Panels</th><th>Marts</th></tr></thead>
<tbody>
${rows}
</tbody></table></section></main>
</body>
</html>
`;
}

/** Reads the warehouse under `root` (read-only) and writes index.html, one page per area and assets/. */
export async function buildDashboard(o: DashboardOptions): Promise<DashboardResult> {
  const panels = loadPanels(o.sqlDir ?? SQL_DIR);
  const pages = pagesFor(panels);
  const wh = await DuckDbWarehouse.open(
    join(o.root, 'warehouse.duckdb'),
    () => {
      throw new Error('the dashboard loads no files');
    },
    { readOnly: true, ...(o.sqlDir ? { sqlDir: o.sqlDir } : {}) },
  );
  let marts: Record<string, MartData>;
  try {
    marts = await readMarts(wh, panels);
  } finally {
    await wh.close();
  }
  const meta = {
    generatedAt: `${new Date((o.now ?? new Date()).getTime() + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} KST`,
    root: o.root,
  };
  mkdirSync(join(o.out, 'assets'), { recursive: true });
  const require = createRequire(import.meta.url);
  copyFileSync(
    require.resolve('echarts/dist/echarts.min.js'),
    join(o.out, 'assets', 'echarts.min.js'),
  );
  for (const f of ['dashboard.js', 'dashboard.css'])
    copyFileSync(join(ASSETS, f), join(o.out, 'assets', f));
  for (const page of pages)
    writeFileSync(join(o.out, page.file), pageHtml(page, pages, marts, meta));
  const index = join(o.out, 'index.html');
  writeFileSync(index, indexHtml(pages, marts, meta));
  return { out: o.out, index, pages, marts };
}
