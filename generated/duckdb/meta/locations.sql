-- GENERATED from sql/meta/locations.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 08fb9ae31889bad1e6c02aa43de9c0ecdfa570dd1158992f757a1bbacbd14ce6
-- statement 1 of 2; parameters: -
CREATE OR REPLACE TABLE meta.locations (
  code TEXT NOT NULL,
  prefix TEXT NOT NULL,
  name TEXT NOT NULL
);
-- statement 2 of 2; parameters: -
INSERT INTO meta.locations (
  code,
  prefix,
  name
)
VALUES
  ('101000', '101', '서울'),
  ('102000', '102', '경기'),
  ('103000', '103', '광주'),
  ('104000', '104', '대구'),
  ('105000', '105', '대전'),
  ('106000', '106', '부산'),
  ('107000', '107', '울산'),
  ('108000', '108', '인천'),
  ('109000', '109', '강원'),
  ('110000', '110', '경남'),
  ('111000', '111', '경북'),
  ('112000', '112', '전남'),
  ('113000', '113', '전북'),
  ('114000', '114', '충북'),
  ('115000', '115', '충남'),
  ('116000', '116', '제주'),
  ('117000', '117', '전국'),
  ('118000', '118', '세종');
