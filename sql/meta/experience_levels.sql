-- Table: meta.experience_levels — Saramin experience-level codes (position.experience-level.code).
-- Grain: one row per code. Key: code.
-- experience_group answers "new grad or experienced?": 1 신입 -> new_grad, 2 경력 -> experienced,
--   3 신입/경력 -> new_grad_or_experienced, 0 경력무관 -> any. open_to_new_grad / open_to_experienced
--   say whom a posting admits (0 and 3 admit both), so a week's new-grad count is countif(open_to_new_grad).
create or replace table meta.experience_levels (
  code int64 not null,
  name string not null,
  experience_group string not null,
  open_to_new_grad bool not null,
  open_to_experienced bool not null
);
insert into meta.experience_levels (code, name, experience_group, open_to_new_grad, open_to_experienced) values
  (0, '경력무관', 'any', true, true),
  (1, '신입', 'new_grad', true, false),
  (2, '경력', 'experienced', false, true),
  (3, '신입/경력', 'new_grad_or_experienced', true, true);
