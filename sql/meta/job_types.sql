-- Table: meta.job_types — Saramin employment types (job_type, code-table1).
-- Grain: one row per code. Key: code.
create or replace table meta.job_types (code string not null, name string not null);
insert into meta.job_types (code, name) values
  ('1', '정규직'), ('2', '계약직'), ('3', '병역특례'), ('4', '인턴직'), ('5', '아르바이트'), ('6', '파견직'),
  ('7', '해외취업'), ('8', '위촉직'), ('9', '프리랜서'), ('10', '계약직(정규직 전환가능)'),
  ('11', '인턴직(정규직 전환가능)'), ('12', '교육생'), ('13', '별정직'), ('14', '파트'), ('15', '전임'),
  ('16', '기간제'), ('17', '무기계약직'), ('18', '전문계약직'), ('19', '전문연구요원'), ('20', '산업기능요원'),
  ('21', '현역'), ('22', '보충역');
