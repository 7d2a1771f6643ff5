/**
 * `pipeline migrate`: everything in the warehouse Terraform does not own, idempotently:
 *   1. the tables models write (declared in functions/sources/models.ts, DDL in sql/ddl/models/):
 *      created when missing; a declared NULLABLE column the table lacks is added; any other difference
 *      (a type or mode change, a dropped or renamed column, a new REQUIRED column) fails loudly, naming
 *      the table and column — rebuild it with `pipeline models build --select <model> --full-refresh`;
 *   2. seeds (sql/meta/: code tables and reference lists, `create or replace table` + insert);
 *   3. views (models with `materialized: view`), in dependency order.
 * With `terraform: true` (the local warehouse) Terraform's own tables (sql/ddl/) come first.
 */
import { ConfigError } from '../core/errors.js';
import type { Warehouse, WarehouseColumn } from '../core/ports.js';
import type { Column, Table } from '../core/table.js';
import { MODEL_TABLES } from '../sources/models.js';
import { migrationFiles, sqlFilesIn, SQL_DIR } from '../sqlfiles.js';

export interface MigrateOptions {
  /** Also apply Terraform's tables (sql/ddl/): the local warehouse has no Terraform. */
  terraform: boolean;
  tables?: readonly Table[];
  root?: string;
  log?: (line: string) => void;
}

const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function typeOf(c: Column): string {
  return c.mode === 'REPEATED' ? `array<${c.type.toLowerCase()}>` : c.type.toLowerCase();
}

/**
 * The statements that bring an existing table to its declaration: `alter table ... add column` for
 * each missing NULLABLE column. Throws MIGRATE.SCHEMA_CHANGE for anything else.
 */
export function schemaChanges(decl: Table, live: readonly WarehouseColumn[]): string[] {
  const problems: string[] = [];
  const declared = Object.entries(decl.columns);
  for (const col of live) {
    const want = decl.columns[col.name];
    if (!want) problems.push(`${col.name} is in the table but not declared (dropped or renamed?)`);
    else if (want.type !== col.type || want.mode !== col.mode)
      problems.push(`${col.name} is ${col.type} ${col.mode}, declared ${want.type} ${want.mode}`);
  }
  const adds: string[] = [];
  for (const [name, c] of declared) {
    if (live.some((l) => l.name === name)) continue;
    if (c.mode !== 'NULLABLE')
      problems.push(`new column ${name} is ${c.mode}: only NULLABLE columns are added`);
    else
      adds.push(
        `alter table ${decl.name} add column if not exists ${name} ${typeOf(c)} options (description = ${quote(c.description)})`,
      );
  }
  if (problems.length)
    throw new ConfigError(
      'MIGRATE.SCHEMA_CHANGE',
      `${decl.name}: ${problems.join('; ')}. Only adding a NULLABLE column is applied; rebuild the table with pipeline models build --select ${decl.name.split('.')[1]} --full-refresh`,
    );
  return adds;
}

/** Applies the migration; returns one line per action. */
export async function migrate(warehouse: Warehouse, options: MigrateOptions): Promise<string[]> {
  const root = options.root ?? SQL_DIR;
  const done: string[] = [];
  const note = (line: string) => {
    done.push(line);
    options.log?.(line);
  };
  if (options.terraform)
    for (const f of sqlFilesIn('ddl', root)) {
      await warehouse.runSqlFiles([f], {});
      note(`applied ${f}`);
    }
  for (const decl of options.tables ?? MODEL_TABLES) {
    const file = `ddl/models/${decl.name}.sql`;
    const live = await warehouse.tableColumns(decl.name);
    if (!live) {
      await warehouse.runSqlFiles([file], {});
      note(`created ${decl.name}`);
      continue;
    }
    const adds = schemaChanges(decl, live);
    for (const statement of adds) {
      await warehouse.query(statement);
      note(statement);
    }
    if (adds.length === 0) note(`${decl.name} is current`);
  }
  for (const f of migrationFiles(root, false).filter((f) => !f.startsWith('ddl/'))) {
    await warehouse.runSqlFiles([f], {});
    note(`applied ${f}`);
  }
  return done;
}
