/**
 * The dashboard's pages, in navigation order, with the text shown above their panels. Panels are
 * not listed here: they come from the marts' `-- dashboard:` lines (panels.ts). A page no mart
 * declares a panel for says so ("no data yet") instead of failing; a panel naming a page that is not
 * listed here gets a page of its own, titled by its id.
 */
export interface PageInfo {
  id: string;
  title: string;
  intro: string;
  /** Shown when no mart declares a panel for the page yet. */
  noPanels?: string;
}

export const PAGES: PageInfo[] = [
  {
    id: 'hiring',
    title: '채용 · Hiring',
    intro:
      'Data-role postings from Saramin (mart.hiring_trend_daily, mart.data_job_postings_weekly, mart.data_job_postings): per day, per ISO week, by region, industry and experience; what the seed system showed in Looker.',
  },
  {
    id: 'search',
    title: '검색 관심도 · Search interest',
    intro:
      'Google Trends interest (KR) in data-job keywords per ISO week (mart.search_interest_weekly): 0-100 within each comparison group, each week read from the latest comparison window.',
  },
  {
    id: 'senior',
    title: '시니어 채용 · Senior jobs',
    intro:
      '100세누리 postings for senior workers (mart.senior_postings_daily, mart.senior_postings_by_organization_weekly): what the seed system showed in Superset. The day is the application start (frDd); the region comes from the address.',
    noPanels: 'No data yet: no mart declares a senior-jobs panel.',
  },
  {
    id: 'seoul',
    title: '서울 혼잡도 · Seoul congestion',
    intro:
      'Real-time population of 121 Seoul places over the last 30 days (mart.seoul_congestion_by_hour, mart.seoul_population_by_age_gender_daily). Hours are KST.',
  },
  {
    id: 'stocks',
    title: '주식 · Stocks',
    intro:
      'Daily prices of KRX listings with moving averages computed by the Spark job (mart.stock_prices_daily). Pick a ticker.',
  },
  {
    id: 'certs',
    title: '자격증 · Certifications',
    intro:
      'Q-Net national certification statistics per item and year (mart.cert_exam_yearly): registered, sat and passed, written and practical; each year as its latest base year reports it.',
  },
  {
    id: 'health',
    title: '파이프라인 상태 · Pipeline health',
    intro:
      'From the run ledger ops.pipeline_runs: freshness per source, the last failures, quarantined objects and the Slack alerts the stages sent.',
  },
];
