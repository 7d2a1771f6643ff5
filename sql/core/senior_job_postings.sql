-- grain: one row per 100세누리 posting (jobId)
-- materialized: view
-- tests: unique(job_id); not_null(job_id, listed_date, sido, detail_status)
-- Key: job_id.
-- Input: core.senuri_job_list (the list item as last listed) left join core.senuri_job_details
--   (the detail as last answered). Both are merged on job_id by the later unit, so the latest wins
--   and there is one row per posting; a posting whose detail is not in yet (a partial unit) or
--   answered NODATA (withdrawn) keeps its list columns with the detail columns null.
-- Rule: sido comes from the address (plDetAddr, after its postcode), else from workPlcNm's first
--   word (`서울 서초구`); a bare district (`중구`) or nothing gives 미상.
create or replace view core.senior_job_postings as
with list as (
  select * from core.senuri_job_list
),

detail as (
  select * from core.senuri_job_details
),

joined as (
  select
    l.job_id,
    coalesce(d.wanted_title, l.recrt_title) as title,
    l.oran_nm as organization_name,
    d.plbiz_nm as business_place_name,
    l.emplym_shp as employment_code,
    l.emplym_shp_nm as employment_name,
    l.jobcls as job_class_code,
    l.jobcls_nm as job_class_name,
    l.deadline as status_text,
    l.stm_id as source_system,
    l.organ_yn,
    coalesce(l.fr_dd, d.fr_acpt_dd) as apply_from,
    coalesce(l.to_dd, d.to_acpt_dd) as apply_to,
    l.work_plc as work_place_code,
    l.work_plc_nm as work_place_name,
    d.pl_det_addr as address,
    d.min_age,
    d.age as age_text,
    d.age_lim,
    d.headcount,
    d.cllt_prnnum as headcount_text,
    d.acpt_mthd_cd as apply_method_code,
    l.acpt_mthd as apply_method,
    d.homepage,
    d.det_cnts as body,
    d.etc_itm as notes,
    d.create_dy as created_at,
    d.upd_dy as updated_at,
    coalesce(d.detail_status, 'pending') as detail_status,
    l.listed_date,
    coalesce(
      regexp_extract(d.pl_det_addr, r'^(?:[0-9]{5} +)?([^ ]+)'),
      regexp_extract(l.work_plc_nm, r'^([^ ]+) ')
    ) as place_word
  from list as l
  left join detail as d
    on d.job_id = l.job_id
)

select
  * except (place_word),
  case
    when place_word in ('서울', '서울시', '서울특별시') then '서울'
    when place_word in ('부산', '부산시', '부산광역시') then '부산'
    when place_word in ('대구', '대구시', '대구광역시') then '대구'
    when place_word in ('인천', '인천시', '인천광역시') then '인천'
    when place_word in ('광주', '광주광역시') then '광주'
    when place_word in ('대전', '대전시', '대전광역시') then '대전'
    when place_word in ('울산', '울산시', '울산광역시') then '울산'
    when place_word in ('세종', '세종시', '세종특별자치시') then '세종'
    when place_word in ('경기', '경기도') then '경기'
    when place_word in ('강원', '강원도', '강원특별자치도') then '강원'
    when place_word in ('충북', '충청북도') then '충북'
    when place_word in ('충남', '충청남도') then '충남'
    when place_word in ('전북', '전라북도', '전북특별자치도') then '전북'
    when place_word in ('전남', '전라남도') then '전남'
    when place_word in ('경북', '경상북도') then '경북'
    when place_word in ('경남', '경상남도') then '경남'
    when place_word in ('제주', '제주도', '제주특별자치도') then '제주'
    else '미상'
  end as sido
from joined;
