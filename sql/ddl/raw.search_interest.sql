-- Table: raw.search_interest (generated from functions/sources/trends/tables.ts by `npm run generate`; do not edit)
-- Grain: the rows of core.search_interest as each unit's curated file carries them; a unit's rows are replaced as a whole.
create table if not exists raw.search_interest (
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
  _slot_id string not null options (description = 'unit id: a slot (`2025-09-15T10:00+09:00/PT1H`) or `key=<key>`'),
  _slot_date date not null options (description = 'KST date of the unit (partition of the raw table)'),
  _raw_object string options (description = 'raw object the row was parsed from'),
  _raw_generation string options (description = 'generation of that raw object')
)
partition by _slot_date
cluster by _slot_id
options (require_partition_filter = true, description = 'core.search_interest as loaded, one unit per load');
