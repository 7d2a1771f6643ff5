/** Secret hygiene: an API key never reaches a log line, the ledger, an alert, an object name or a dead letter. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startFakeApi } from '../../functions/adapters/local/fake-api.js';
import { SOURCES } from '../../functions/sources/registry.js';
import { runWindow, tempRuntime } from '../support/runtime.js';

const SECRET = 'sk-live-Zq8vN3pX7rT2wY5u';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

test('a rejected key and a failing API leave no trace of the key anywhere', async () => {
  const api = await startFakeApi({
    fixturesDir: new URL('../fixtures/', import.meta.url).pathname,
    sources: SOURCES,
  });
  // The key is "real" (not the fake's), so the fake answers the auth error envelope; then a 503 storm.
  const rt = await tempRuntime({
    env: {
      SARAMIN_ACCESS_KEY: SECRET,
      SARAMIN_BASE_URL: api.url,
      DATA_GO_KR_SERVICE_KEY: '',
      SLACK_WEBHOOK_URL: '',
    },
  });
  try {
    await runWindow(rt, 'saramin', '2025-09-15T09:00', '2025-09-15T10:00');
    api.inject({
      path: '/job-search',
      times: 50,
      status: 503,
      body: `upstream said: bad key ${SECRET}?`,
    });
    await runWindow(rt, 'saramin', '2025-09-15T10:00', '2025-09-15T11:00');
    assert.ok(
      api.requests.some((r) => r.params['access-key'] === SECRET),
      'the key was really sent to the API',
    );

    const ledger = JSON.stringify(await rt.warehouse.query('select * from ops.pipeline_runs'));
    assert.match(ledger, /SARAMIN\.AUTH/);
    assert.match(ledger, /SARAMIN\.HTTP_503/);
    const root = rt.store.uri(rt.config.buckets.raw, 'x').split('/buckets/')[0]!;
    const everything = [
      ledger,
      JSON.stringify(rt.alerts.history),
      rt.printed.join('\n'),
      ...filesUnder(root).filter((f) => !f.endsWith('.duckdb') && !f.endsWith('.wal')),
      ...filesUnder(root)
        .filter((f) => !f.endsWith('.duckdb') && !f.endsWith('.wal'))
        .map((f) => readFileSync(f, 'utf8')),
    ];
    assert.ok(rt.alerts.history.length >= 2, 'both failures alerted');
    for (const text of everything)
      assert.ok(!text.includes(SECRET), `the key leaked into: ${text.slice(0, 200)}`);
  } finally {
    await rt.close();
    await api.close();
  }
});
