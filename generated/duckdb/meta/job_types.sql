-- GENERATED from sql/meta/job_types.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 47de20803d08df44d5587293ec424b577ca5567f28c91b77e6195c87989b4d55
-- statement 1 of 2; parameters: -
CREATE OR REPLACE TABLE meta.job_types (
  code TEXT NOT NULL,
  name TEXT NOT NULL
);
-- statement 2 of 2; parameters: -
INSERT INTO meta.job_types (
  code,
  name
)
VALUES
  ('1', '정규직'),
  ('2', '계약직'),
  ('3', '병역특례'),
  ('4', '인턴직'),
  ('5', '아르바이트'),
  ('6', '파견직'),
  ('7', '해외취업'),
  ('8', '위촉직'),
  ('9', '프리랜서'),
  ('10', '계약직(정규직 전환가능)'),
  ('11', '인턴직(정규직 전환가능)'),
  ('12', '교육생'),
  ('13', '별정직'),
  ('14', '파트'),
  ('15', '전임'),
  ('16', '기간제'),
  ('17', '무기계약직'),
  ('18', '전문계약직'),
  ('19', '전문연구요원'),
  ('20', '산업기능요원'),
  ('21', '현역'),
  ('22', '보충역');
