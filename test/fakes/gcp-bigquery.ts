/**
 * A recording fake of the BigQuery REST API (v2) on 127.0.0.1, for the real @google-cloud/bigquery
 * client: table and dataset metadata, table creation (409 when it exists), jobs.insert with
 * BigQuery's job-id de-duplication (409 "Already Exists" for a known id), jobs.get, getQueryResults
 * and insertAll. Jobs finish at once; a test can make a job id fail or answer a query with rows.
 * A PARQUET load into an existing table fails as BigQuery fails it when the request and the table
 * disagree: no schema while the table has REQUIRED columns (Parquet written by Spark is NULLABLE),
 * or a timePartitioning without the table's clustering.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeJob {
  jobReference: { projectId: string; jobId: string; location: string };
  configuration: {
    load?: Record<string, unknown> & {
      destinationTable?: { projectId?: string; datasetId?: string; tableId?: string };
    };
    query?: {
      query: string;
      queryParameters?: {
        name: string;
        parameterType: { type: string };
        parameterValue: { value: string };
      }[];
    } & Record<string, unknown>;
  };
  status: {
    state: 'DONE';
    errorResult?: { reason: string; message: string };
    errors?: { reason: string; message: string }[];
  };
  statistics: { load?: { outputRows: string } };
}

export interface RecordedBqRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface QueryAnswer {
  schema: { fields: { name: string; type: string; mode?: string }[] };
  rows: { f: { v: unknown }[] }[];
}

export interface FakeBigQuery {
  url: string;
  projectId: string;
  location: string;
  requests: RecordedBqRequest[];
  /** Jobs by id, in creation order. */
  jobs: Map<string, FakeJob>;
  tables: Map<string, Record<string, unknown>>;
  insertedRows: { table: string; insertId?: string; json: Record<string, unknown> }[];
  /** Jobs created under these ids finish with this error. */
  failJob(jobId: string, reason: string, message?: string): void;
  /** Seeds a job as if an earlier delivery had created it. */
  seedJob(jobId: string, failed?: string): void;
  /** Answers query jobs whose SQL contains `match`. */
  answer(match: string, result: QueryAnswer): void;
  /** Output rows the next load jobs report. */
  loadRows: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, {
    error: { code, message, errors: [{ reason, message, domain: 'global' }], status: reason },
  });
}

export async function startFakeBigQuery(options: {
  projectId: string;
  location?: string;
  tables?: Record<string, Record<string, unknown>>;
}): Promise<FakeBigQuery> {
  const projectId = options.projectId;
  const location = options.location ?? 'asia-northeast3';
  const requests: RecordedBqRequest[] = [];
  const jobs = new Map<string, FakeJob>();
  const tables = new Map<string, Record<string, unknown>>(Object.entries(options.tables ?? {}));
  const failures = new Map<string, { reason: string; message?: string }>();
  const answers: { match: string; result: QueryAnswer }[] = [];
  const insertedRows: FakeBigQuery['insertedRows'] = [];

  const makeJob = (
    jobId: string,
    configuration: FakeJob['configuration'],
    failed?: { reason: string; message?: string },
  ): FakeJob => ({
    jobReference: { projectId, jobId, location },
    configuration,
    status: failed
      ? {
          state: 'DONE',
          errorResult: {
            reason: failed.reason,
            message: failed.message ?? `injected ${failed.reason}`,
          },
          errors: [
            { reason: failed.reason, message: failed.message ?? `injected ${failed.reason}` },
          ],
        }
      : { state: 'DONE' },
    statistics: configuration.load ? { load: { outputRows: String(fake.loadRows) } } : {},
  });

  /** BigQuery's answer to a PARQUET load whose request does not fit the destination table. */
  const loadMismatch = (
    load: FakeJob['configuration']['load'],
  ): { reason: string; message: string } | undefined => {
    if (!load || load.sourceFormat !== 'PARQUET') return undefined;
    const dest = load.destinationTable ?? {};
    const id = `${dest.datasetId}.${String(dest.tableId).replace(/\$.*$/, '')}`;
    const table = tables.get(id) as
      | {
          schema?: { fields?: { name: string; mode?: string }[] };
          timePartitioning?: { type: string; field?: string };
          clustering?: { fields: string[] };
        }
      | undefined;
    if (!table) return undefined;
    const required = (table.schema?.fields ?? []).find((f) => f.mode === 'REQUIRED');
    if (required && !load.schema)
      return {
        reason: 'invalid',
        message: `Provided Schema does not match Table ${projectId}:${id}. Field ${required.name} has changed mode from REQUIRED to NULLABLE`,
      };
    const requested = load.timePartitioning as { field?: string } | undefined;
    const clustering = (load.clustering as { fields?: string[] } | undefined)?.fields ?? [];
    const tableClustering = table.clustering?.fields ?? [];
    if (requested && clustering.join(',') !== tableClustering.join(','))
      return {
        reason: 'invalid',
        message: `Incompatible table partitioning specification. Expects partitioning specification interval(type:day,field:${table.timePartitioning?.field}) clustering(${tableClustering.join(',')}), but input partitioning specification is interval(type:day,field:${requested.field})${clustering.length ? ` clustering(${clustering.join(',')})` : ''}`,
      };
    return undefined;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text ? JSON.parse(text) : undefined;
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
    });
    const seg = url.pathname.split('/').map((s) => decodeURIComponent(s));
    // /bigquery/v2/projects/<p>/...
    if (seg[1] !== 'bigquery' || seg[2] !== 'v2' || seg[3] !== 'projects' || seg[4] !== projectId) {
      return apiError(res, 404, 'notFound', `fake BigQuery does not serve ${url.pathname}`);
    }
    const rest = seg.slice(5);
    const method = req.method ?? 'GET';

    if (rest[0] === 'jobs' && rest.length === 1 && method === 'POST') {
      const request = body as {
        jobReference: { jobId: string };
        configuration: FakeJob['configuration'];
      };
      const jobId = request.jobReference.jobId;
      if (jobs.has(jobId))
        return apiError(
          res,
          409,
          'duplicate',
          `Already Exists: Job ${projectId}:${location}.${jobId}`,
        );
      const job = makeJob(
        jobId,
        request.configuration,
        failures.get(jobId) ?? loadMismatch(request.configuration.load),
      );
      jobs.set(jobId, job);
      return sendJson(res, 200, {
        kind: 'bigquery#job',
        id: `${projectId}:${location}.${jobId}`,
        ...job,
      });
    }
    if (rest[0] === 'jobs' && rest.length === 2 && method === 'GET') {
      const job = jobs.get(rest[1]!);
      if (!job || url.searchParams.get('location') !== location)
        return apiError(res, 404, 'notFound', `Not found: Job ${projectId}:${rest[1]}`);
      return sendJson(res, 200, {
        kind: 'bigquery#job',
        id: `${projectId}:${location}.${rest[1]}`,
        ...job,
      });
    }
    if (rest[0] === 'queries' && rest.length === 2 && method === 'GET') {
      const job = jobs.get(rest[1]!);
      if (!job) return apiError(res, 404, 'notFound', `Not found: Job ${rest[1]}`);
      const sql = job.configuration.query?.query ?? '';
      const result = answers.find((a) => sql.includes(a.match))?.result ?? {
        schema: { fields: [] },
        rows: [],
      };
      return sendJson(res, 200, {
        kind: 'bigquery#getQueryResultsResponse',
        jobReference: job.jobReference,
        jobComplete: true,
        totalRows: String(result.rows.length),
        ...result,
      });
    }
    if (rest[0] === 'datasets' && rest.length === 2 && method === 'GET') {
      return sendJson(res, 200, {
        kind: 'bigquery#dataset',
        datasetReference: { projectId, datasetId: rest[1] },
        location,
      });
    }
    if (rest[0] === 'datasets' && rest[2] === 'tables') {
      const datasetId = rest[1]!;
      if (rest.length === 3 && method === 'POST') {
        const table = body as { tableReference: { tableId: string } };
        const id = `${datasetId}.${table.tableReference.tableId}`;
        if (tables.has(id))
          return apiError(res, 409, 'duplicate', `Already Exists: Table ${projectId}:${id}`);
        tables.set(id, table as Record<string, unknown>);
        return sendJson(res, 200, { kind: 'bigquery#table', ...table });
      }
      const id = `${datasetId}.${rest[3]}`;
      if (rest.length === 4 && method === 'GET') {
        const table = tables.get(id);
        if (!table) return apiError(res, 404, 'notFound', `Not found: Table ${projectId}:${id}`);
        return sendJson(res, 200, {
          kind: 'bigquery#table',
          tableReference: { projectId, datasetId, tableId: rest[3] },
          ...table,
        });
      }
      if (rest.length === 5 && rest[4] === 'insertAll' && method === 'POST') {
        for (const row of (body as { rows: { insertId?: string; json: Record<string, unknown> }[] })
          .rows) {
          insertedRows.push({
            table: id,
            ...(row.insertId === undefined ? {} : { insertId: row.insertId }),
            json: row.json,
          });
        }
        return sendJson(res, 200, { kind: 'bigquery#tableDataInsertAllResponse' });
      }
    }
    apiError(res, 404, 'notFound', `fake BigQuery does not serve ${method} ${url.pathname}`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeBigQuery = {
    url: `http://127.0.0.1:${port}`,
    projectId,
    location,
    requests,
    jobs,
    tables,
    insertedRows,
    loadRows: 0,
    failJob: (jobId, reason, message) =>
      failures.set(jobId, { reason, ...(message ? { message } : {}) }),
    seedJob: (jobId, failed) =>
      jobs.set(
        jobId,
        makeJob(jobId, { query: { query: 'select 1' } }, failed ? { reason: failed } : undefined),
      ),
    answer: (match, result) => answers.unshift({ match, result }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
