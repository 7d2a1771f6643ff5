-- Table: meta.locations — Saramin top-level regions (loc_mcd, code-table2); detailed codes roll up
-- by their first three digits (e.g. 101050 -> 101000 서울).
-- Grain: one row per top-level region. Key: code.
create or replace table meta.locations (code string not null, prefix string not null, name string not null);
insert into meta.locations (code, prefix, name) values
  ('101000', '101', '서울'), ('102000', '102', '경기'), ('103000', '103', '광주'), ('104000', '104', '대구'),
  ('105000', '105', '대전'), ('106000', '106', '부산'), ('107000', '107', '울산'), ('108000', '108', '인천'),
  ('109000', '109', '강원'), ('110000', '110', '경남'), ('111000', '111', '경북'), ('112000', '112', '전남'),
  ('113000', '113', '전북'), ('114000', '114', '충북'), ('115000', '115', '충남'), ('116000', '116', '제주'),
  ('117000', '117', '전국'), ('118000', '118', '세종');
