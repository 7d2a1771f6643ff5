-- Check: postings loaded by this slot carry a title, URL and posting time. Must return zero rows.
select posting_id
from core.job_postings
where last_slot_id = @slot_id
  and (title is null or url is null or posted_at is null);
