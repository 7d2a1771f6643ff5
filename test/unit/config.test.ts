import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../functions/config.js';
import { SOURCES } from '../../functions/sources/registry.js';

test('per-source client settings have defaults and can be overridden', () => {
  const config = parseConfig(
    {
      SARAMIN_PAGE_SIZE: '50',
      SARAMIN_BASE_URL: 'http://127.0.0.1:9999',
      SARAMIN_OPTIONS: 'job_mid_cd=2+16&loc_mcd=101000',
    },
    SOURCES,
  );
  const saramin = config.sources.saramin!;
  assert.equal(saramin.settings.pageSize, 50);
  assert.equal(saramin.settings.baseUrl, 'http://127.0.0.1:9999');
  assert.equal(saramin.settings.timeoutMs, 15_000);
  assert.deepEqual(saramin.options, { job_mid_cd: '2 16', loc_mcd: '101000' });
  assert.equal(config.sources.stock!.settings.timeoutMs, 30_000, 'data.go.kr answers slowly');
});

test('bad settings are configuration errors that name the variable', () => {
  assert.throws(() => parseConfig({ STOCK_PAGE_SIZE: 'many' }, SOURCES), {
    code: 'CONFIG.INVALID',
    message: /STOCK_PAGE_SIZE/,
  });
  assert.throws(() => parseConfig({ SARAMIN_BASE_URL: 'ftp://x' }, SOURCES), {
    code: 'CONFIG.INVALID',
    message: /SARAMIN_BASE_URL/,
  });
  assert.throws(() => parseConfig({ DATAPROC_IDLE_DELETE_TTL_S: '5' }, SOURCES), {
    code: 'CONFIG.INVALID',
  });
});

test('bucket names derive from the project unless set', () => {
  assert.equal(parseConfig({ GOOGLE_CLOUD_PROJECT: 'p1' }, SOURCES).buckets.raw, 'p1-raw');
  assert.equal(parseConfig({ RAW_BUCKET: 'mine' }, SOURCES).buckets.raw, 'mine');
});

test('a schedule that plans more requests a day than the quota is reported once, clearly', async () => {
  const { parseConfig, quotaWarnings } = await import('../../functions/config.js');
  const { SOURCES } = await import('../../functions/sources/registry.js');
  const warnings = quotaWarnings(parseConfig({}, SOURCES), SOURCES);
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0]!,
    /^seoul_population: .*121 requests x 72 units = 8712 a day, over the daily quota of 1000/,
  );
  const few = parseConfig({ SEOUL_POPULATION_OPTIONS: 'places=POI009,POI072' }, SOURCES);
  assert.deepEqual(quotaWarnings(few, SOURCES), [], '2 places x 72 = 144 fit');
});

test('SPARK_BATCH_DAYS: 31 days per Spark run by default, 1 to 62', () => {
  assert.equal(parseConfig({}, SOURCES).sparkBatchDays, 31);
  assert.equal(parseConfig({ SPARK_BATCH_DAYS: '1' }, SOURCES).sparkBatchDays, 1);
  for (const bad of ['0', '63', 'x'])
    assert.throws(() => parseConfig({ SPARK_BATCH_DAYS: bad }, SOURCES), {
      code: 'CONFIG.INVALID',
      message: /SPARK_BATCH_DAYS/,
    });
});
