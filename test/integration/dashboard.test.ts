/**
 * `pipeline dashboard` end to end in a real headless browser: a warehouse built like the demo's
 * (saramin with one quarantined slot, seoul_population, senior_projects' yearly files, and stock when
 * local Spark is installed), the CLI writes the static pages, Debian's chromium (driven by
 * playwright-core) opens each from file:// and the test checks:
 *   - every panel whose mart has rows in this warehouse drew data (data-state ok, points > 0); a panel
 *     whose mart has no rows says so (data-state empty, "No ..." text) instead of failing;
 *   - no console error, no uncaught exception, no request other than file: and data: (offline);
 *   - a Korean font is available to the page (Korean labels render, not boxes);
 * and saves a full-page screenshot of every page to build/dashboard/screenshots/.
 * Needs chromium and a CJK font (.ci/run installs both: apt-get install -y chromium fonts-noto-cjk).
 *
 *   node --import tsx --test test/integration/dashboard.test.ts
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { slotContaining } from '../../functions/core/slots.js';
import { packageRoot } from '../../functions/sqlfiles.js';
import { runWindow, tempRuntime } from '../support/runtime.js';
import { needTool } from '../support/tools.js';

const ROOT = packageRoot();
const BIN = join(ROOT, 'bin', 'pipeline.js');
const OUT = join(ROOT, 'build', 'dashboard');
const SHOTS = join(OUT, 'screenshots');

function findChromium(): string | undefined {
  const candidates = [
    process.env.PIPELINE_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function hasKoreanFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

const sparkReady = (() => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return existsSync(join(ROOT, '.venv', 'bin', 'spark-submit'));
  } catch {
    return false;
  }
})();

const HINT = 'apt-get install -y chromium fonts-noto-cjk (.ci/run does this)';

test('the dashboard renders every page from a demo warehouse in headless chromium', async (t) => {
  const chromiumPath = findChromium();
  if (!needTool(t, 'chromium', chromiumPath !== undefined, HINT)) return;
  if (!needTool(t, 'a Korean font (fonts-noto-cjk)', hasKoreanFont(), HINT)) return;
  const started = Date.now();

  // The warehouse: what `npm run demo` loads, smaller (Spark is slow: three trading days).
  const root = mkdtempSync(join(tmpdir(), 'pipeline-dashboard-'));
  const rt = await tempRuntime({ root });
  try {
    // One bad body: the slot's extract is quarantined, so the health page has a failure and an alert.
    rt.fakeApi!.inject({
      path: '/job-search',
      times: 1,
      status: 200,
      body: '<html>maintenance</html>',
    });
    await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T13:00');
    const start = slotContaining(Date.now() - 3 * 3600_000, 'PT1H').start;
    await runWindow(
      rt,
      'seoul_population',
      new Date(start).toISOString(),
      new Date(start + 2 * 3600_000).toISOString(),
    );
    await runWindow(rt, 'trends', '2025-09-14', '2025-09-16');
    await runWindow(rt, 'certs', '2024-01-01', '2024-01-02');
    await runWindow(rt, 'senuri', '2026-11-23', '2026-11-25');
    await runWindow(rt, 'senior_projects', '2024-01-01', '2024-01-02');
    if (sparkReady) await runWindow(rt, 'stock', '2025-11-03', '2025-11-06', true, 2);
    else t.diagnostic('stock skipped: local Spark is not installed (bash scripts/setup-python.sh)');
  } finally {
    await rt.close();
  }
  t.diagnostic(`warehouse built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  rmSync(OUT, { recursive: true, force: true });
  const built = spawnSync(process.execPath, [BIN, 'dashboard', '--root', root, '--out', OUT], {
    encoding: 'utf8',
  });
  assert.equal(built.status, 0, built.stderr);
  assert.equal(built.stdout.trim(), join(OUT, 'index.html'));
  mkdirSync(SHOTS, { recursive: true });

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath!,
    // Root in CI: chromium's sandbox needs an unprivileged user.
    args: ['--no-sandbox', '--disable-gpu', '--lang=ko-KR'],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'ko-KR',
      deviceScaleFactor: 1,
    });
    const pages = ['index', 'hiring', 'search', 'senior', 'seoul', 'stocks', 'certs', 'health'];
    const summary: string[] = [];
    for (const name of pages) {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning')
          problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (!/^(file|data):/.test(r.url())) problems.push(`network request: ${r.url()}`);
      });
      page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
      await page.goto(pathToFileURL(join(OUT, `${name}.html`)).href);
      if (name !== 'index') await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });

      const font = await page.evaluate(async () => {
        await document.fonts.ready;
        return document.fonts.check('16px "Noto Sans CJK KR"', '채용');
      });
      assert.ok(font, `${name}: the Korean font is usable in the page`);

      const panels = await page.$$eval('[data-panel]', (els) =>
        els.map((e) => ({
          id: e.getAttribute('data-panel')!,
          mart: e.getAttribute('data-mart')!,
          state: e.getAttribute('data-state'),
          points: Number(e.getAttribute('data-points')),
          text: (e.querySelector('.note')?.textContent ?? '').trim(),
          canvas: e.querySelectorAll('canvas').length,
          rows: e.querySelectorAll('tbody tr').length,
        })),
      );
      const marts = await page.evaluate(() => {
        const d = (
          window as unknown as { DASHBOARD?: { marts: Record<string, { rows: unknown[] }> } }
        ).DASHBOARD;
        return Object.fromEntries(
          Object.entries(d?.marts ?? {}).map(([k, v]) => [k, v.rows.length]),
        );
      });
      for (const p of panels) {
        if ((marts[p.mart] ?? 0) > 0) {
          assert.equal(
            p.state,
            'ok',
            `${name}/${p.id}: ${p.mart} has rows, the panel must draw them (${p.text})`,
          );
          assert.ok(p.points > 0, `${name}/${p.id}: data points`);
          assert.ok(p.canvas > 0 || p.rows > 0, `${name}/${p.id}: a chart or table rows`);
        } else {
          assert.equal(p.state, 'empty', `${name}/${p.id}: an empty mart is an empty panel`);
          assert.match(p.text, /^No /, `${name}/${p.id}: says there is nothing`);
        }
      }
      if (
        ['hiring', 'search', 'senior', 'seoul', 'certs', 'health'].includes(name) ||
        (name === 'stocks' && sparkReady)
      )
        assert.ok(
          panels.length > 0 && panels.every((p) => p.state === 'ok'),
          `${name}: every panel has data in the demo warehouse: ${JSON.stringify(panels)}`,
        );
      // Filters redraw without errors: pick the second option of every select.
      for (const id of await page.$$eval('#filters select', (els) => els.map((e) => e.id))) {
        const values = await page.$$eval(`#${id} option`, (els) =>
          els.map((e) => (e as HTMLOptionElement).value),
        );
        if (values.length > 1) {
          await page.selectOption(`#${id}`, values[1]!);
          await page.selectOption(`#${id}`, values[0]!);
        }
      }
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      assert.deepEqual(problems, [], `${name}: no console errors, no network`);
      summary.push(
        `${name}: ${panels.map((p) => `${p.id}=${p.state}/${p.points}`).join(' ') || 'no panels'}`,
      );
      await page.close();
    }
    for (const line of summary) t.diagnostic(line);
    t.diagnostic(`screenshots in ${SHOTS}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }
});
