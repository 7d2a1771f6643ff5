-- Table: meta.job_categories — Saramin upper job categories (job_mid_cd, code-table5).
-- Grain: one row per code. Key: code. Seeded (full refresh) from this file.
create or replace table meta.job_categories (code string not null, name string not null);
insert into meta.job_categories (code, name) values
  ('16', '기획·전략'), ('14', '마케팅·홍보·조사'), ('3', '회계·세무·재무'), ('5', '인사·노무·HRD'),
  ('4', '총무·법무·사무'), ('2', 'IT개발·데이터'), ('15', '디자인'), ('8', '영업·판매·무역'),
  ('21', '고객상담·TM'), ('18', '구매·자재·물류'), ('12', '상품기획·MD'), ('7', '운전·운송·배송'),
  ('10', '서비스'), ('11', '생산'), ('22', '건설·건축'), ('6', '의료'), ('9', '연구·R&D'),
  ('19', '교육'), ('13', '미디어·문화·스포츠'), ('17', '금융·보험'), ('20', '공공·복지');
