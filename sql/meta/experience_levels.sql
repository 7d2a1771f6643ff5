-- Table: meta.experience_levels — Saramin experience-level codes.
-- Grain: one row per code. Key: code.
create or replace table meta.experience_levels (code int64 not null, name string not null);
insert into meta.experience_levels (code, name) values (0, '경력무관'), (1, '신입'), (2, '경력'), (3, '신입/경력');
