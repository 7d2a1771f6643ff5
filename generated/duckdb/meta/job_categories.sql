-- GENERATED from sql/meta/job_categories.sql by `npm run sql:generate` (sqlglot 30.31.0, read bigquery,
-- write duckdb, post-rules in scripts/sql_transpile.py). Do not edit: edit the source and regenerate.
-- source sha256: 3f452a7cca9f442fec8a375e84c3dc26adc1d7d5447f7ed29ad860688af358d2
-- statement 1 of 2; parameters: -
CREATE OR REPLACE TABLE meta.job_categories (
  code TEXT NOT NULL,
  name TEXT NOT NULL
);
-- statement 2 of 2; parameters: -
INSERT INTO meta.job_categories (
  code,
  name
)
VALUES
  ('16', '기획·전략'),
  ('14', '마케팅·홍보·조사'),
  ('3', '회계·세무·재무'),
  ('5', '인사·노무·HRD'),
  ('4', '총무·법무·사무'),
  ('2', 'IT개발·데이터'),
  ('15', '디자인'),
  ('8', '영업·판매·무역'),
  ('21', '고객상담·TM'),
  ('18', '구매·자재·물류'),
  ('12', '상품기획·MD'),
  ('7', '운전·운송·배송'),
  ('10', '서비스'),
  ('11', '생산'),
  ('22', '건설·건축'),
  ('6', '의료'),
  ('9', '연구·R&D'),
  ('19', '교육'),
  ('13', '미디어·문화·스포츠'),
  ('17', '금융·보험'),
  ('20', '공공·복지');
