-- Table: meta.education_levels — Saramin required education (edu_lv, code-table1).
-- Grain: one row per code. Key: code.
create or replace table meta.education_levels (code string not null, name string not null);
insert into meta.education_levels (code, name) values
  ('0', '학력무관'), ('1', '고졸'), ('2', '전문대졸'), ('3', '대졸'), ('4', '석사'), ('5', '박사'),
  ('6', '고졸 이상'), ('7', '전문대졸 이상'), ('8', '대졸 이상'), ('9', '석사 이상');
