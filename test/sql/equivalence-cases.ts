/**
 * The equivalence suite's table: GoogleSQL snippets with the result BigQuery documents for them
 * (cloud.google.com/bigquery/docs/reference/standard-sql/<page>), run on DuckDB through sqlglot.
 *
 * `covers` names what the snippet exercises, as `sql_transpile.py usage` reports it (lowercased
 * function names, plus constructs: merge, qualify, over, insert row, [], case, unnest, interval,
 * except, pivot, unpivot). A model may only use what some case covers (the lint in
 * equivalence.test.ts): using something new means adding a case here first.
 *
 * `expect` is the last statement's result: a scalar for one row of one column, else the rows.
 * Values are canonical: DATE 'YYYY-MM-DD', DATETIME 'YYYY-MM-DDTHH:MM:SS', TIMESTAMP
 * 'YYYY-MM-DDTHH:MM:SSZ' (UTC), INT64 and FLOAT64 numbers, ARRAY arrays, STRUCT objects.
 */
import type { SqlParams } from '../../functions/core/sqlparams.js';

export interface EquivalenceCase {
  covers: string[];
  sql: string;
  expect: unknown;
  /** Reference page (functions/<page>) and, where it helps, what the docs say. */
  doc: string;
  params?: SqlParams;
}

const TS = "timestamp '2024-12-31 15:30:00+00'"; // 2025-01-01 00:30 in Seoul

export const CASES: EquivalenceCase[] = [
  // --- dates and time zones: the reason for this suite --------------------------------------
  {
    covers: ['date'],
    sql: `select date(${TS}, 'Asia/Seoul')`,
    expect: '2025-01-01',
    doc: 'date_functions#date: DATE(timestamp_expression, time_zone) converts in that zone',
  },
  {
    covers: ['date'],
    sql: `select date(${TS})`,
    expect: '2024-12-31',
    doc: 'date_functions#date: without a zone, UTC (not the machine zone)',
  },
  {
    covers: ['date'],
    sql: 'select date(2016, 12, 25)',
    expect: '2016-12-25',
    doc: 'date_functions#date: DATE(year, month, day)',
  },
  {
    covers: ['date'],
    sql: "select date(datetime '2024-05-06 23:59:59')",
    expect: '2024-05-06',
    doc: 'date_functions#date: DATE(datetime_expression)',
  },
  {
    covers: ['cast'],
    sql: "select cast('2024-01-01 09:00:00+09' as timestamp)",
    expect: '2024-01-01T00:00:00Z',
    doc: 'conversion_functions#cast_as_timestamp: a string with an offset names an instant',
  },
  {
    covers: ['cast'],
    sql: "select cast('2024-01-01 09:00:00' as timestamp)",
    expect: '2024-01-01T09:00:00Z',
    doc: 'conversion_functions#cast_as_timestamp: a string without a zone is UTC',
  },
  {
    covers: ['timestamp'],
    sql: "select timestamp('2024-01-01 09:00:00', 'Asia/Seoul')",
    expect: '2024-01-01T00:00:00Z',
    doc: 'timestamp_functions#timestamp: TIMESTAMP(string, time_zone)',
  },
  {
    covers: ['datetime'],
    sql: `select datetime(${TS}, 'Asia/Seoul')`,
    expect: '2025-01-01T00:30:00',
    doc: 'datetime_functions#datetime: DATETIME(timestamp, time_zone)',
  },
  {
    covers: ['extract'],
    sql: `select extract(hour from ${TS})`,
    expect: 15,
    doc: 'timestamp_functions#extract: in UTC unless AT TIME ZONE is given',
  },
  {
    covers: ['extract'],
    sql: "select extract(year from date '2024-12-31'), extract(month from date '2024-12-31'), extract(day from date '2024-12-31')",
    expect: [{ 0: 2024, 1: 12, 2: 31 }],
    doc: 'date_functions#extract: YEAR, MONTH, DAY',
  },
  {
    covers: ['format_date'],
    sql: "select [format_date('%G-W%V', date '2020-12-28'), format_date('%G-W%V', date '2025-09-15')]",
    expect: ['2020-W53', '2025-W38'],
    doc: 'format_elements#format_elements_date_time: %G the ISO 8601 year, %V the ISO 8601 week (01-53)',
  },
  {
    covers: ['generate_date_array', 'unnest', 'interval'],
    sql: "select array_agg(d order by d) from unnest(generate_date_array(date '2025-09-01', date '2025-09-15', interval 1 week)) as d",
    expect: ['2025-09-01', '2025-09-08', '2025-09-15'],
    doc: 'array_functions#generate_date_array: both ends included, step INTERVAL 1 WEEK',
  },
  {
    covers: ['timestamp_trunc'],
    sql: `select timestamp_trunc(${TS}, day)`,
    expect: '2024-12-31T00:00:00Z',
    doc: 'timestamp_functions#timestamp_trunc: truncates in UTC by default',
  },
  {
    covers: ['timestamp_trunc'],
    sql: `select timestamp_trunc(${TS}, hour)`,
    expect: '2024-12-31T15:00:00Z',
    doc: 'timestamp_functions#timestamp_trunc: HOUR',
  },
  {
    covers: ['date_trunc'],
    sql: "select date_trunc(date '2008-12-25', month)",
    expect: '2008-12-01',
    doc: 'date_functions#date_trunc: DATE_TRUNC(DATE "2008-12-25", MONTH) = 2008-12-01',
  },
  {
    covers: ['date_trunc'],
    sql: "select date_trunc(date '2017-11-05', isoweek)",
    expect: '2017-10-30',
    doc: 'date_functions#date_trunc: ISOWEEK truncates to the Monday before (2017-11-05 is a Sunday)',
  },
  {
    covers: ['date_trunc'],
    sql: "select date_trunc(date '2025-09-15', isoweek)",
    expect: '2025-09-15',
    doc: 'date_functions#date_trunc: a Monday is its own ISO week start',
  },
  {
    covers: ['date_trunc'],
    sql: "select [date_trunc(date '2025-09-21', isoweek), date_trunc(date '2025-09-15', isoweek), date_trunc(date '2021-01-03', isoweek)]",
    expect: ['2025-09-15', '2025-09-15', '2020-12-28'],
    doc: 'date_functions#date_trunc: ISOWEEK truncates to the preceding Monday (a Sunday belongs to the week before; weeks cross years)',
  },
  {
    covers: ['date_add', 'interval'],
    sql: "select date_add(date '2008-12-25', interval 5 day)",
    expect: '2008-12-30',
    doc: 'date_functions#date_add: DATE_ADD(DATE "2008-12-25", INTERVAL 5 DAY) = 2008-12-30',
  },
  {
    covers: ['date_sub', 'interval'],
    sql: "select date_sub(date '2008-12-25', interval 5 day)",
    expect: '2008-12-20',
    doc: 'date_functions#date_sub: = 2008-12-20',
  },
  {
    covers: ['date_diff'],
    sql: "select date_diff(date '2010-07-07', date '2008-12-25', day)",
    expect: 559,
    doc: 'date_functions#date_diff: DATE_DIFF(DATE "2010-07-07", DATE "2008-12-25", DAY) = 559',
  },
  {
    covers: ['timestamp_add', 'interval'],
    sql: `select timestamp_add(${TS}, interval 10 minute)`,
    expect: '2024-12-31T15:40:00Z',
    doc: 'timestamp_functions#timestamp_add',
  },
  {
    covers: ['timestamp_diff'],
    sql: "select timestamp_diff(timestamp '2010-07-07 10:20:00+00', timestamp '2008-12-25 15:30:00+00', hour)",
    expect: 13410,
    doc: 'timestamp_functions#timestamp_diff: = 13410 hours',
  },
  {
    covers: ['format_date'],
    sql: "select format_date('%Y%m%d', date '2008-12-25')",
    expect: '20081225',
    doc: 'date_functions#format_date',
  },
  {
    covers: ['parse_date'],
    sql: "select parse_date('%Y%m%d', '20081225')",
    expect: '2008-12-25',
    doc: 'date_functions#parse_date',
  },
  {
    covers: ['timestamp_seconds'],
    sql: 'select timestamp_seconds(1230219000)',
    expect: '2008-12-25T15:30:00Z',
    doc: 'timestamp_functions#timestamp_seconds',
  },
  {
    covers: ['unix_seconds'],
    sql: "select unix_seconds(timestamp '2008-12-25 15:30:00+00')",
    expect: 1230219000,
    doc: 'timestamp_functions#unix_seconds',
  },
  // --- parameters -------------------------------------------------------------------------
  {
    covers: [],
    sql: 'select @slot_id as slot_id, @slot_date as slot_date, @slot_start as slot_start',
    params: {
      slot_id: '2025-01-01T00',
      slot_date: '2025-01-01',
      slot_start: new Date('2024-12-31T15:00:00Z'),
    },
    expect: [
      { slot_id: '2025-01-01T00', slot_date: '2025-01-01', slot_start: '2024-12-31T15:00:00Z' },
    ],
    doc: 'query parameters keep their GoogleSQL types (core/sqlparams.ts): STRING, DATE, TIMESTAMP',
  },
  // --- conditionals and conversions --------------------------------------------------------
  {
    covers: ['coalesce'],
    sql: "select coalesce(null, 'B', 'C')",
    expect: 'B',
    doc: 'conditional_expressions#coalesce: COALESCE(NULL, "B", "C") = B',
  },
  {
    covers: ['ifnull'],
    sql: 'select ifnull(null, 0)',
    expect: 0,
    doc: 'conditional_expressions#ifnull',
  },
  {
    covers: ['case'],
    sql: "select case when 1 > 2 then 'a' when 2 > 1 then 'b' end, case 3 when 1 then 'x' end",
    expect: [{ 0: 'b', 1: null }],
    doc: 'conditional_expressions#case: first true branch; no ELSE gives NULL',
  },
  {
    covers: ['safe_cast'],
    sql: "select safe_cast('apple' as int64), safe_cast('12' as int64)",
    expect: [{ 0: null, 1: 12 }],
    doc: 'conversion_functions#safe_casting: NULL instead of an error',
  },
  {
    covers: ['safe_divide'],
    sql: 'select safe_divide(20, 4), safe_divide(0, 0), safe_divide(20, 0)',
    expect: [{ 0: 5, 1: null, 2: null }],
    doc: 'mathematical_functions#safe_divide',
  },
  // --- strings ------------------------------------------------------------------------------
  {
    covers: ['lower'],
    sql: "select lower('FOO BAR 데이터')",
    expect: 'foo bar 데이터',
    doc: 'string_functions#lower',
  },
  {
    covers: ['concat'],
    sql: "select concat('T.P.', ' ', 'Bar'), concat('a', null)",
    expect: [{ 0: 'T.P. Bar', 1: null }],
    doc: 'string_functions#concat: NULL if any argument is NULL',
  },
  {
    covers: ['substr'],
    sql: "select substr('apple', 2), substr('apple', 2, 2), substr('apple', -2), substr('서울특별시', 1, 2)",
    expect: [{ 0: 'pple', 1: 'pp', 2: 'le', 3: '서울' }],
    doc: 'string_functions#substr: 1-based, negative counts from the end, characters not bytes',
  },
  {
    covers: ['regexp_contains'],
    sql: "select regexp_contains('foo@example.com', r'@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+'), regexp_contains('data engineer', r'^engineer')",
    expect: [{ 0: true, 1: false }],
    doc: 'string_functions#regexp_contains: a partial match anywhere (RE2)',
  },
  {
    covers: ['regexp_contains'],
    sql: "select regexp_contains('빅데이터 엔지니어 etl 담당', r'데이터\\s*엔지니어|\\betl\\b'), regexp_contains('netlify', r'\\betl\\b')",
    expect: [{ 0: true, 1: false }],
    doc: 'string_functions#regexp_contains: \\s and \\b with Korean text, as the data-role mart uses them',
  },
  {
    covers: ['date_trunc', 'week'],
    sql: "select date_trunc(date '2026-11-29', week(monday))",
    expect: '2026-11-23',
    doc: 'date_functions#date_trunc: WEEK(<WEEKDAY>) truncates to the preceding Monday (a Sunday belongs to the week before)',
  },
  {
    covers: ['regexp_extract'],
    sql: "select regexp_extract('foo@example.com', r'^[a-zA-Z0-9_.+-]+')",
    expect: 'foo',
    doc: 'string_functions#regexp_extract',
  },
  {
    covers: ['regexp_extract'],
    sql: "select regexp_extract('06500 서울특별시 서초구 서초대로 1', r'^(?:[0-9]{5} +)?([^ ]+)')",
    expect: '서울특별시',
    doc: 'string_functions#regexp_extract: with one capturing group, the group’s match',
  },
  {
    covers: ['regexp_extract'],
    sql: "select regexp_extract('중구', r'^([^ ]+) ')",
    expect: null,
    doc: 'string_functions#regexp_extract: no match returns NULL',
  },
  {
    covers: ['nullif'],
    sql: "select [coalesce(nullif('', ''), 'none'), coalesce(nullif('IT', ''), 'none')]",
    expect: ['none', 'IT'],
    doc: 'conditional_expressions#nullif: NULL if the two are equal, else the first',
  },
  {
    covers: ['split'],
    sql: "select split('a,b,c', ',')",
    expect: ['a', 'b', 'c'],
    doc: 'string_functions#split',
  },
  // --- arrays and structs -------------------------------------------------------------------
  {
    covers: ['array_to_string'],
    sql: "select array_to_string(['coffee', 'tea', 'milk'], '--')",
    expect: 'coffee--tea--milk',
    doc: 'array_functions#array_to_string',
  },
  {
    covers: ['[]', 'safe_offset', 'offset', 'ordinal'],
    sql: "select ['a', 'b'][safe_offset(0)], ['a', 'b'][safe_offset(5)], ['a', 'b'][offset(1)], ['a', 'b'][ordinal(1)]",
    expect: [{ 0: 'a', 1: null, 2: 'b', 3: 'a' }],
    doc: 'operators#array_subscript_operator: OFFSET is 0-based, ORDINAL 1-based, SAFE_ gives NULL out of range',
  },
  {
    covers: ['[]', 'safe_offset'],
    sql: 'select cast([] as array<string>)[safe_offset(0)]',
    expect: null,
    doc: 'operators#array_subscript_operator: SAFE_OFFSET of an empty array (a posting with no location)',
  },
  {
    covers: ['array_length'],
    sql: 'select array_length([1, 2, 3])',
    expect: 3,
    doc: 'array_functions#array_length',
  },
  {
    covers: ['unnest', 'array_agg'],
    sql: 'select array_agg(x order by x) from unnest([3, 1, 2]) as x',
    expect: [1, 2, 3],
    doc: 'aggregate_functions#array_agg with ORDER BY over UNNEST',
  },
  {
    covers: ['struct'],
    sql: "select struct(1 as a, 'x' as b)",
    expect: { a: 1, b: 'x' },
    doc: 'data-types#constructing_a_struct',
  },
  // --- aggregates, windows, qualify -------------------------------------------------------
  {
    covers: ['count', 'unnest'],
    sql: 'select count(*), count(x), count(distinct x) from unnest([1, 4, null, 4]) as x',
    expect: [{ 0: 4, 1: 3, 2: 2 }],
    doc: 'aggregate_functions#count: COUNT(*) counts NULLs, COUNT(x) does not',
  },
  {
    covers: ['countif', 'unnest'],
    sql: 'select countif(x < 0) from unnest([5, -2, 3, 6, -10, null]) as x',
    expect: 2,
    doc: 'aggregate_functions#countif',
  },
  {
    covers: ['countif', 'unnest'],
    sql: 'select [(select countif(x) from unnest([cast(null as bool), null]) as x), (select countif(x) from unnest([true]) as x where false)]',
    expect: [0, 0],
    doc: 'aggregate_functions#countif: 0 (never NULL) when no row is TRUE, all NULL or no rows at all',
  },
  {
    covers: ['countif', 'over', 'unnest'],
    sql: 'select countif(x) over () from unnest([cast(null as bool)]) as x',
    expect: 0,
    doc: 'aggregate_functions#countif: as a window function too',
  },
  {
    covers: ['string_agg', 'unnest'],
    sql: "select string_agg(x, ' & ' order by x) from unnest(['pear', 'apple', 'banana']) as x",
    expect: 'apple & banana & pear',
    doc: 'aggregate_functions#string_agg',
  },
  {
    covers: ['row_number', 'over', 'qualify', 'unnest'],
    sql: `select k, v from unnest([struct('a' as k, 1 as v), struct('a' as k, 3 as v), struct('b' as k, 2 as v)])
          qualify row_number() over (partition by k order by v desc) = 1 order by k`,
    expect: [
      { k: 'a', v: 3 },
      { k: 'b', v: 2 },
    ],
    doc: 'query-syntax#qualify_clause with numbering_functions#row_number',
  },
  {
    covers: ['dense_rank', 'over', 'qualify', 'unnest'],
    sql: `select k, v, w from unnest([struct('a' as k, 1 as v, 5 as w), struct('a' as k, 2 as v, 5 as w),
            struct('a' as k, 3 as v, 4 as w), struct('b' as k, 4 as v, 1 as w)])
          qualify dense_rank() over (partition by k order by w desc) = 1 order by k, v`,
    expect: [
      { k: 'a', v: 1, w: 5 },
      { k: 'a', v: 2, w: 5 },
      { k: 'b', v: 4, w: 1 },
    ],
    doc: 'numbering_functions#dense_rank: peers share a rank, so rank 1 keeps every tied row',
  },
  {
    covers: ['lag', 'over', 'unnest'],
    sql: `select k, v, lag(v) over (partition by k order by t) as prev
          from unnest([struct('a' as k, 1 as t, 'x' as v), struct('a' as k, 2 as t, 'y' as v), struct('b' as k, 1 as t, 'z' as v)])
          order by k, t`,
    expect: [
      { k: 'a', v: 'x', prev: null },
      { k: 'a', v: 'y', prev: 'x' },
      { k: 'b', v: 'z', prev: null },
    ],
    doc: 'navigation_functions#lag: the previous row of the partition in window order; NULL for the first',
  },
  // --- DML ------------------------------------------------------------------------------------
  {
    covers: ['merge', 'insert row'],
    sql: `create table t (k int64, v string, n int64);
          insert into t (k, v, n) values (1, 'old', 1), (2, 'keep', 1);
          merge t using (select 1 as k, 'new' as v, 2 as n union all select 3, 'added', 1) s
          on t.k = s.k
          when matched and s.n > t.n then update set v = s.v, n = s.n
          when not matched then insert row;
          select k, v, n from t order by k`,
    expect: [
      { k: 1, v: 'new', n: 2 },
      { k: 2, v: 'keep', n: 1 },
      { k: 3, v: 'added', n: 1 },
    ],
    doc: 'dml-syntax#merge_statement: INSERT ROW inserts every source column, in order',
  },
  {
    covers: ['except'],
    sql: "select * except (b) from (select 1 as a, 2 as b, 'c' as c)",
    expect: [{ a: 1, c: 'c' }],
    doc: 'query-syntax#select_except',
  },
  // --- aggregates and rounding the Seoul marts use -------------------------------------------
  {
    covers: ['avg', 'max', 'sum', 'unnest'],
    sql: 'select avg(x) as a, max(x) as m, sum(x) as s from unnest([1, 2, 4]) as x',
    expect: [{ a: 2.3333333333333335, m: 4, s: 7 }],
    doc: 'aggregate_functions#avg: FLOAT64 for INT64 input; max and sum keep INT64',
  },
  {
    covers: ['round'],
    sql: 'select [round(2.5), round(-2.5), round(2.345, 2), round(1234.0, -2)]',
    expect: [3, -3, 2.35, 1200],
    doc: 'mathematical_functions#round: halfway cases round away from zero',
  },
  {
    covers: ['current_timestamp', 'interval'],
    sql: "select current_timestamp() - interval 30 day > timestamp '2020-01-01 00:00:00+00'",
    expect: true,
    doc: 'timestamp_functions#current_timestamp: now (the value varies; the type and arithmetic do not)',
  },
  {
    covers: ['safe_divide', 'round'],
    sql: 'select round(safe_divide(58800, 117600), 4) as rate, safe_divide(null, 4) as n, safe_divide(3, 0) as z',
    expect: [{ rate: 0.5, n: null, z: null }],
    doc: 'mathematical_functions#safe_divide: INT64 operands give FLOAT64 (not integer division); NULL in, or a zero divisor, gives NULL (mart.cert_exam_yearly pass rates)',
  },
  {
    covers: ['if'],
    sql: "select [if(1 < 2, 'yes', 'no'), if(null, 'yes', 'no')]",
    expect: ['yes', 'no'],
    doc: 'conditional_expressions#if: a NULL condition takes the else branch',
  },
  {
    covers: ['stddev_samp', 'unnest'],
    sql: 'select (select round(stddev_samp(x), 5) from unnest([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]) as x) as s, (select stddev_samp(x) from unnest([1.0]) as x) as one',
    expect: [{ s: 2.13809, one: null }],
    doc: 'statistical_aggregate_functions#stddev_samp: sample (n - 1) standard deviation; NULL with fewer than two rows',
  },
  // --- senior_projects staging: JSON records with Korean keys, per-year column variants ---------
  {
    covers: ['json_value'],
    sql: `select json_value('{"사업년도": 2024, "목표일자리수": "1,204", "x": null, "o": {"a": 1}}', '$."사업년도"') as year, json_value('{"목표일자리수": "1,204"}', '$."목표일자리수"') as count, json_value('{"x": null}', '$."x"') as json_null, json_value('{"a": 1}', '$."b"') as missing`,
    expect: [{ year: '2024', count: '1,204', json_null: null, missing: null }],
    doc: 'json_functions#json_value: a scalar as STRING (a number too); JSON null or a missing key gives NULL; a quoted key in the JSONPath',
  },
  {
    covers: ['nullif', 'trim'],
    sql: "select nullif(trim('  '), '') as blank, nullif(trim(' 공익활동 '), '') as kept",
    expect: [{ blank: null, kept: '공익활동' }],
    doc: 'conditional_expressions#nullif and string_functions#trim: leading and trailing spaces removed',
  },
  {
    covers: ['replace', 'parse_date'],
    sql: "select parse_date('%Y%m%d', replace('2024-01-02', '-', '')) as dashed, parse_date('%Y%m%d', replace('20240102', '-', '')) as plain, cast(replace('1,204', ',', '') as int64) as n",
    expect: [{ dashed: '2024-01-02', plain: '2024-01-02', n: 1204 }],
    doc: 'string_functions#replace: every occurrence; dates in either file format read alike',
  },
  {
    covers: ['least', 'min', 'if'],
    sql: 'select least(2020, 2018) as l, least(2020, null) as l_null, (select min(if(x > 1, x, null)) from unnest([1, 3, 2]) as x) as m',
    expect: [{ l: 2018, l_null: null, m: 2 }],
    doc: 'mathematical_functions#least: NULL if any argument is NULL; aggregate_functions#min ignores NULLs',
  },
  {
    covers: ['merge', 'insert row'],
    sql: `create table t (k int64, v string);
          insert into t (k, v) values (1, 'old'), (2, 'gone');
          merge t using (select 1 as k, 'new' as v union all select 3, 'added') s
          on t.k = s.k
          when matched then update set v = s.v
          when not matched by target then insert row
          when not matched by source then delete;
          select k, v from t order by k`,
    expect: [
      { k: 1, v: 'new' },
      { k: 3, v: 'added' },
    ],
    doc: 'dml-syntax#merge_statement: WHEN NOT MATCHED BY SOURCE THEN DELETE removes target rows no source row matches (core.senior_job_projects syncs whole)',
  },
];
