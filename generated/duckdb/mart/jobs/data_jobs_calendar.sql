-- GENERATED from sql/mart/jobs/data_jobs_calendar.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 019a7cca9771dad1542946865d1d5945c97f78dabb7d056ccc636a0cbb2f9877
-- statement 1 of 1; parameters: -
CREATE OR REPLACE VIEW mart.data_jobs_calendar AS
WITH postings AS (
  SELECT
    week_start,
    SUM(postings) AS data_job_postings,
    SUM(CASE WHEN role = 'data_engineer' THEN postings ELSE 0 END) AS data_engineer_postings,
    SUM(CASE WHEN role = 'data_analyst' THEN postings ELSE 0 END) AS data_analyst_postings,
    SUM(CASE WHEN role = 'data_scientist' THEN postings ELSE 0 END) AS data_scientist_postings,
    SUM(new_grad_postings) AS new_grad_postings
  FROM mart.data_job_postings_weekly
  GROUP BY
    week_start
), interest AS (
  SELECT
    week_start,
    MAX(CASE WHEN keyword = '데이터 엔지니어' THEN avg_value ELSE NULL END) AS data_engineer_interest,
    MAX(CASE WHEN keyword = '데이터 분석가' THEN avg_value ELSE NULL END) AS data_analyst_interest,
    MAX(CASE WHEN keyword = '데이터 사이언티스트' THEN avg_value ELSE NULL END) AS data_scientist_interest,
    MAX(CASE WHEN keyword = '정보처리기사' THEN avg_value ELSE NULL END) AS info_processing_interest
  FROM mart.search_interest_weekly
  GROUP BY
    week_start
), certs AS (
  SELECT
    year,
    SUM(CASE WHEN stage = 'written' THEN registered ELSE 0 END) AS info_processing_written_registered,
    SUM(CASE WHEN stage = 'written' THEN passed ELSE 0 END) AS info_processing_written_passed,
    SUM(CASE WHEN stage = 'practical' THEN passed ELSE 0 END) AS info_processing_practical_passed
  FROM mart.cert_exam_yearly
  WHERE
    jm_cd = '1320'
  GROUP BY
    year
), bounds AS (
  SELECT
    MIN(week_start) AS first_week,
    MAX(week_start) AS last_week
  FROM (
    SELECT
      week_start
    FROM postings
    UNION ALL
    SELECT
      week_start
    FROM interest
  )
), weeks AS (
  SELECT
    week_start
  FROM bounds
  CROSS JOIN UNNEST(CAST(GENERATE_SERIES(first_week, last_week, INTERVAL '1' WEEK) AS DATE[])) AS _t0(week_start)
)
SELECT
  w.week_start,
  EXTRACT(YEAR FROM CAST(w.week_start + INTERVAL '3' DAY AS DATE)) AS iso_year,
  STRFTIME(CAST(w.week_start AS DATE), '%G-W%V') AS iso_week,
  COALESCE(p.data_job_postings, 0) AS data_job_postings,
  COALESCE(p.data_engineer_postings, 0) AS data_engineer_postings,
  COALESCE(p.data_analyst_postings, 0) AS data_analyst_postings,
  COALESCE(p.data_scientist_postings, 0) AS data_scientist_postings,
  COALESCE(p.new_grad_postings, 0) AS new_grad_postings,
  i.data_engineer_interest,
  i.data_analyst_interest,
  i.data_scientist_interest,
  i.info_processing_interest,
  c.year AS cert_year,
  c.info_processing_written_registered,
  c.info_processing_written_passed,
  c.info_processing_practical_passed
FROM weeks AS w
LEFT JOIN postings AS p
  ON p.week_start = w.week_start
LEFT JOIN interest AS i
  ON i.week_start = w.week_start
LEFT JOIN certs AS c
  ON c.year <= EXTRACT(YEAR FROM CAST(w.week_start + INTERVAL '3' DAY AS DATE))
QUALIFY
  ROW_NUMBER() OVER (PARTITION BY w.week_start ORDER BY c.year DESC) = 1;
