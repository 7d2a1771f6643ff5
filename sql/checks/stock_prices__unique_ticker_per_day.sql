-- Check: core.stock_prices has one row per (base_date, ticker) in the loaded partition. Must return zero rows.
select base_date, ticker, count(*) as copies
from core.stock_prices
where base_date = @slot_date
group by base_date, ticker
having count(*) > 1;
