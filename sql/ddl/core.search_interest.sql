-- Table: core.search_interest (generated from functions/sources/trends/tables.ts by `npm run generate`; do not edit)
-- Grain: one row per keyword, request group, geo, comparison window and time point: values are rescaled per comparison, so the window is part of the key. Key: (keyword, keyword_group, geo, window_start, window_end, point_time).
create table if not exists core.search_interest (
  keyword string not null options (description = 'search term as configured (sql/seeds/trends_keywords.csv)'),
  keyword_group string not null options (description = 'request group the keyword was compared in (roles, skills.2): values share a scale within it'),
  geo string not null options (description = 'geo asked for (KR)'),
  window_start date not null options (description = 'first KST date of the comparison window asked for'),
  window_end date not null options (description = 'last KST date of the comparison window (the unit date)'),
  point_time timestamp not null options (description = 'start of the time bucket (time / timeRange.startTime)'),
  point_date date not null options (description = 'KST date of the bucket start'),
  value int64 not null options (description = '0-100 interest within the comparison (value[i] / scaledSearchInterest); 0 where has_data is false'),
  official_interest float64 options (description = 'official API only: searchInterest, consistently scaled across requests; null for the unofficial flow'),
  has_data bool not null options (description = 'hasData[i]: false = too little search volume, value means nothing'),
  is_partial bool not null options (description = 'isPartial: the bucket was still incomplete when asked'),
  api string not null options (description = 'official (searchtrends v1alpha) or unofficial (explore/multiline)'),
  _last_slot_id string not null options (description = 'unit that last wrote this row')
)
cluster by keyword, window_end
options (description = 'one row per keyword, request group, geo, comparison window and time point: values are rescaled per comparison, so the window is part of the key');
