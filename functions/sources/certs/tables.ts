/** The table the certification statistics fill, declared once (see core/table.ts). */
import { col, table } from '../../core/table.js';

export const certExamStats = table({
  name: 'core.cert_exam_stats',
  grain:
    'one row per certification item, base year asked for, stage (written or practical) and year index 1..6 of the answer',
  columns: {
    jm_cd: col.string('Q-Net item code (jmCd), e.g. 1320', 'REQUIRED'),
    base_yy: col.int64('base year the statistics were asked for (baseYY)', 'REQUIRED'),
    stage: col.string('written (getEventYearPiList) or practical (getEventYearSiList)', 'REQUIRED'),
    year_index: col.int64('index n of ilrcnt<n>/ilecnt<n>/ilpcnt<n>, 1..6', 'REQUIRED'),
    year: col.int64(
      'year the index stands for: base_yy - index + 1 for 1..5; null for 6, whose meaning is unverified (not the sum of 1-5)',
    ),
    jm_nm: col.string('item name as the API sent it (jmnm)'),
    registered: col.int64('ilrcnt<n>: 접수자 수'),
    sat: col.int64('ilecnt<n>: 응시자 수'),
    passed: col.int64('ilpcnt<n>: 합격자 수'),
  },
  key: ['jm_cd', 'base_yy', 'stage', 'year_index'],
  clusterBy: ['jm_cd'],
});
