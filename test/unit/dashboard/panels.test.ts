/** The marts' `-- dashboard:` lines: every one in sql/mart parses, bad ones name their file, other headers are ignored. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pagesFor } from '../../../functions/dashboard/build.js';
import { PAGES } from '../../../functions/dashboard/pages.js';
import { loadPanels, panelColumns, parsePanels } from '../../../functions/dashboard/panels.js';

test('every mart panel parses and lands on a known page; every page has panels', () => {
  const panels = loadPanels();
  assert.ok(panels.length >= 10);
  const known = PAGES.map((p) => p.id);
  for (const p of panels) assert.ok(known.includes(p.page), `${p.file}: page ${p.page}`);
  const pages = pagesFor(panels);
  assert.deepEqual(
    pages.map((p) => p.id),
    known,
  );
  for (const id of ['hiring', 'search', 'senior', 'seoul', 'stocks', 'certs', 'health'])
    assert.ok(pages.find((p) => p.id === id)!.panels.length > 0, id);
});

const VIEW = 'create or replace view mart.new_thing as select 1 as n, 2 as d';

test('a new mart adds a panel (and an unknown page) with no dashboard code', () => {
  const sql = `-- Model: mart.new_thing (view)
-- materialized: view | grain: one row per n
-- dashboard: {"page": "trends", "title": "검색 추이", "chart": "line", "x": "d", "y": "n"}
${VIEW}`;
  const [panel, ...rest] = parsePanels(sql, 'mart/new_thing.sql');
  assert.equal(rest.length, 0, 'the materialized header is not a panel');
  assert.equal(panel!.mart, 'mart.new_thing');
  assert.equal(panel!.id, 'new_thing-1');
  assert.equal(panel!.agg, 'sum');
  assert.deepEqual(panelColumns(panel!), ['d', 'n']);
  const trends = pagesFor([panel!]).at(-1)!;
  assert.equal(trends.id, 'trends');
  assert.equal(trends.panels.length, 1);
});

test('a bad -- dashboard: line fails naming the file and the problem', () => {
  assert.throws(
    () => parsePanels(`-- dashboard: {"page": "hiring", "title": "x"\n${VIEW}`, 'mart/a.sql'),
    /mart\/a\.sql: -- dashboard: line 1 is not JSON/,
  );
  assert.throws(
    () =>
      parsePanels(
        `-- dashboard: {"page": "hiring", "title": "x", "chart": "line", "x": "d"}\n${VIEW}`,
        'mart/a.sql',
      ),
    /mart\/a\.sql: .*a line panel needs "y"/,
  );
  assert.throws(
    () =>
      parsePanels(
        `-- dashboard: {"page": "hiring", "title": "x", "chart": "pie", "x": "d", "y": "n"}\n${VIEW}`,
        'mart/a.sql',
      ),
    /chart/,
  );
  assert.throws(
    () =>
      parsePanels(
        `-- dashboard: {"page": "hiring", "title": "x", "chart": "table", "columns": ["n"], "filters": {"city": "n"}}\n${VIEW}`,
        'mart/a.sql',
      ),
    /filters/,
  );
});
