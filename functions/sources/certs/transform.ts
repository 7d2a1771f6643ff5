/**
 * Exchanges of one unit (item, base year) -> rows of core.cert_exam_stats: one row per stage and
 * year index present in the answer. Counts arrive as numbers or strings (`"1,234"` too); anything
 * else is schema drift, never a silent null. An index none of whose three counts is present has no
 * row (older answers carry only 1-4 or 1-5), so a re-published answer that lost an index loses the
 * row in the full refresh. Index 6 is kept raw with `year` null: its meaning is unverified (§7).
 */
import { PermanentError } from '../../core/errors.js';
import type { Exchange } from '../../core/http.js';
import type { RowOf } from '../../core/table.js';
import type { Unit } from '../../core/units.js';
import type { UnitRows } from '../types.js';
import { STAGES, classifyCerts, type Stage } from './client.js';
import { parseCertKey } from './items.js';
import { certExamStats } from './tables.js';

type Json = Record<string, unknown>;
type Row = RowOf<typeof certExamStats>;

export const YEAR_INDEXES = [1, 2, 3, 4, 5, 6] as const;

class Drift extends Error {}

function count(item: Json, field: string): number | null {
  const v = item[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) throw new Drift(`${field} is not a count: ${v}`);
    return v;
  }
  if (typeof v !== 'string') throw new Drift(`${field} is ${JSON.stringify(v).slice(0, 60)}`);
  const s = v.trim().replaceAll(',', '');
  if (s === '' || s === '-') return null;
  if (!/^\d+$/.test(s)) throw new Drift(`${field} is not a count: ${v.slice(0, 40)}`);
  return Number(s);
}

function name(item: Json): string | null {
  const v = item.jmnm;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new Drift(`jmnm is ${JSON.stringify(v).slice(0, 60)}`);
  return v.trim() || null;
}

/** The rows of one stage's item. Throws Drift on a value that is not what its column needs. */
export function stageRows(item: Json, jmCd: string, baseYY: number, stage: Stage): Row[] {
  const jm_nm = name(item);
  const rows: Row[] = [];
  for (const i of YEAR_INDEXES) {
    const registered = count(item, `ilrcnt${i}`);
    const sat = count(item, `ilecnt${i}`);
    const passed = count(item, `ilpcnt${i}`);
    if (registered === null && sat === null && passed === null) continue;
    rows.push({
      jm_cd: jmCd,
      base_yy: baseYY,
      stage,
      year_index: i,
      year: i <= 5 ? baseYY - i + 1 : null,
      jm_nm,
      registered,
      sat,
      passed,
    });
  }
  return rows;
}

export function certsToRows(
  exchanges: Exchange[],
  unit: Unit,
): { tables: UnitRows; rawRows: number } {
  const key = parseCertKey(unit.key ?? '');
  if (!key) throw new PermanentError('CERTS.BAD_KEY', `not a certs unit: ${unit.id}`);
  const rows: Row[] = [];
  let items = 0;
  for (const x of exchanges) {
    const stage = STAGES.find((s) => s.stage === x.key)?.stage;
    if (!stage) throw new PermanentError('CERTS.EXCHANGE', `unknown request key ${x.key}`);
    const answer = classifyCerts(x);
    if (answer.kind !== 'data') continue;
    items += 1;
    try {
      rows.push(...stageRows(answer.item, key.jmCd, key.baseYY, stage));
    } catch (error) {
      if (!(error instanceof Drift)) throw error;
      throw new PermanentError('CERTS.SCHEMA_DRIFT', `${stage}: ${error.message}`, {
        payload: x.body,
      });
    }
  }
  return { tables: { [certExamStats.name]: rows }, rawRows: items };
}
