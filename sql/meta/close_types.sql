-- Table: meta.close_types — Saramin close-type codes (official guide).
-- Grain: one row per code. Key: code.
create or replace table meta.close_types (code string not null, name string not null);
insert into meta.close_types (code, name) values ('1', '접수마감일'), ('2', '채용시'), ('3', '상시'), ('4', '수시');
