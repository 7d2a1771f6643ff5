-- Check: core.job_postings has exactly one row per posting_id. Must return zero rows.
select posting_id, count(*) as copies
from core.job_postings
group by posting_id
having count(*) > 1;
