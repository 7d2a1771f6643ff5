-- Check: core.job_postings has exactly one row per posting_id among the partitions a slot's MERGE
-- can touch (posted_date within 30 days of the slot date). Must return zero rows.
select posting_id, count(*) as copies
from core.job_postings
where posted_date >= date_sub(@slot_date, interval 30 day) and posted_date <= @slot_date
group by posting_id
having count(*) > 1;
