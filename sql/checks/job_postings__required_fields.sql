-- Check: postings loaded by this slot carry a title, URL and posting time. Must return zero rows.
-- Bound to the partitions the slot's MERGE can write (posted_date from 30 days before the slot
-- date), so the check reads a month of postings, not the whole history.
select posting_id
from core.job_postings
where posted_date >= date_sub(@slot_date, interval 30 day)
  and last_slot_id = @slot_id
  and (title is null or url is null or posted_at is null);
