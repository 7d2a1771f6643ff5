/** The table Google Trends interest fills, declared once (see core/table.ts). */
import { col, table } from '../../core/table.js';

export const searchInterest = table({
  name: 'core.search_interest',
  grain:
    'one row per keyword, request group, geo, comparison window and time point: values are rescaled per comparison, so the window is part of the key',
  columns: {
    keyword: col.string('search term as configured (sql/seeds/trends_keywords.csv)', 'REQUIRED'),
    keyword_group: col.string(
      'request group the keyword was compared in (roles, skills.2): values share a scale within it',
      'REQUIRED',
    ),
    geo: col.string('geo asked for (KR)', 'REQUIRED'),
    window_start: col.date('first KST date of the comparison window asked for', 'REQUIRED'),
    window_end: col.date('last KST date of the comparison window (the unit date)', 'REQUIRED'),
    point_time: col.timestamp('start of the time bucket (time / timeRange.startTime)', 'REQUIRED'),
    point_date: col.date('KST date of the bucket start', 'REQUIRED'),
    value: col.int64(
      '0-100 interest within the comparison (value[i] / scaledSearchInterest); 0 where has_data is false',
      'REQUIRED',
    ),
    official_interest: col.float64(
      'official API only: searchInterest, consistently scaled across requests; null for the unofficial flow',
    ),
    has_data: col.bool(
      'hasData[i]: false = too little search volume, value means nothing',
      'REQUIRED',
    ),
    is_partial: col.bool('isPartial: the bucket was still incomplete when asked', 'REQUIRED'),
    api: col.string(
      'official (searchtrends v1alpha) or unofficial (explore/multiline)',
      'REQUIRED',
    ),
  },
  key: ['keyword', 'keyword_group', 'geo', 'window_start', 'window_end', 'point_time'],
  clusterBy: ['keyword', 'window_end'],
});
