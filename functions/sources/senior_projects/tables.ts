/**
 * Raw landing rows of the yearly files, declared once (see core/table.ts): each record as the API
 * sent it (its Korean keys, as JSON), with the file and place it came from. Loaded in `raw` mode: a
 * unit (`key=<year>`) replaces its own rows as a whole, so a record that vanished from a re-published
 * file is gone. The staging model (sql/staging/senior_projects/) renames the per-year columns into
 * one English schema; core.senior_job_projects is built from it after each load.
 */
import { col, table } from '../../core/table.js';

export const seniorProjectsRaw = table({
  name: 'raw.senior_projects',
  grain: 'one row per record of a yearly file, exactly as its page carried it',
  columns: {
    file_year: col.int64('year of the file (the unit key, files.ts)', 'REQUIRED'),
    page: col.int64('page of the file the record was on (1-based)', 'REQUIRED'),
    row_no: col.int64('position of the record in the file (1-based, page order)', 'REQUIRED'),
    record_json: col.string(
      'the record as a JSON object with its Korean column names (names differ by year)',
      'REQUIRED',
    ),
  },
  key: ['file_year', 'row_no'],
  clusterBy: ['file_year'],
});

/**
 * The projects, one English schema for every year: written by the model sql/core/senior_job_projects.sql
 * (a MERGE that also deletes what no loaded file holds any more), declared here for its DDL.
 */
export const seniorJobProjects = table({
  name: 'core.senior_job_projects',
  grain: 'one row per project plan: project year, project number and plan change number',
  columns: {
    proj_year: col.int64('사업년도: project year', 'REQUIRED'),
    proj_no: col.string('사업번호: project number (per year)', 'REQUIRED'),
    proj_plan_change_no: col.int64('사업계획변경순번: plan change number (1, 2, ...)', 'REQUIRED'),
    proj_type: col.string(
      '사업유형: 공익활동 / 사회서비스형 / 시장형 / 인력파견형 / 취업알선형',
      'REQUIRED',
    ),
    proj_type_cd: col.string('the code in 사업유형코드 `이름(코드)`; null when it has none'),
    proj_type_nm: col.string(
      'the name in 사업유형코드 `이름(코드)` (the whole value when no code)',
    ),
    cont_proj_yn: col.string('계속사업여부: Y for a project continued from an earlier year'),
    cont_proj_start_year: col.int64(
      '계속사업시작년도 / 계속사업시작연도: year a continuing project began',
    ),
    non_budg_yn: col.string('비예산여부 Y/N, or 예산구분 read as 비예산 -> Y, 예산 -> N'),
    spec_proj_cd: col.string('특수사업명코드'),
    proj_nm: col.string('사업명: project name'),
    adm_sido_nm: col.string('province (시도): the first word of 관할시군구'),
    adm_dist_nm: col.string('관할시군구: district as the file names it (`서울특별시 강남구`)'),
    institution_id: col.string('기관아이디: the running institution'),
    operator_nm: col.string('수행기관명: the running institution by name (newer files only)'),
    proj_start_date: col.date('사업기간시작일 (YYYYMMDD or YYYY-MM-DD in the file)'),
    proj_end_date: col.date('사업기간종료일'),
    plan_status_cd: col.string(
      '사업계획서상태코드: 102PC 승인완료, 102AA 임시, 102RJ 반려, 102DR 삭제요청',
    ),
    target_employment: col.int64('목표일자리수: target number of jobs'),
    del_yn: col.string('삭제여부: Y for a deleted plan'),
    file_year: col.int64('year of the file the row came from', 'REQUIRED'),
  },
  key: ['proj_year', 'proj_no', 'proj_plan_change_no'],
  clusterBy: ['proj_year', 'adm_sido_nm'],
});
