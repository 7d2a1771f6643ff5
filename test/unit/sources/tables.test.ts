/**
 * The PySpark job's OUTPUT_SCHEMA must be the declaration of core.stock_prices (name, order and
 * type), so the Parquet it writes loads into the table the declaration generates.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { stockPrices } from '../../../functions/sources/stock/tables.js';

const SPARK_TYPES: Record<string, string> = {
  DateType: 'DATE',
  StringType: 'STRING',
  LongType: 'INT64',
  DoubleType: 'FLOAT64',
  BooleanType: 'BOOL',
  TimestampType: 'TIMESTAMP',
};

test('stock_prices.py OUTPUT_SCHEMA matches the core.stock_prices declaration', () => {
  const py = readFileSync(
    new URL('../../../functions/spark/stock_prices.py', import.meta.url),
    'utf8',
  );
  const block = /OUTPUT_SCHEMA = T\.StructType\(\[([\s\S]*?)\]\)/.exec(py)?.[1];
  assert.ok(block, 'OUTPUT_SCHEMA found');
  const fields = [...block.matchAll(/StructField\("(\w+)", T\.(\w+)\(\)/g)].map(
    ([, name, type]) => [name, SPARK_TYPES[type!] ?? type],
  );
  assert.deepEqual(
    fields,
    Object.entries(stockPrices.columns).map(([name, c]) => [name, c.type]),
  );
});
