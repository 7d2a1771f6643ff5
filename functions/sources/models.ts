/**
 * Tables the model layer writes (materialized: table / incremental), declared once like every table.
 * Their DDL is generated into sql/ddl/models/ and applied by `pipeline migrate` (Terraform owns only
 * the tables at the top of sql/ddl/). A model's output columns must match its declaration.
 */
import type { Table } from '../core/table.js';
import { seniorJobProjects } from './senior_projects/tables.js';
import { stockDailyMetrics } from './stock/tables.js';

export const MODEL_TABLES: readonly Table[] = [stockDailyMetrics, seniorJobProjects];
