/**
 * A small Dataproc on 127.0.0.1 for contract tests, with the two faces the adapter uses:
 * - gRPC on `port`, speaking the real service definitions (the protos shipped in
 *   @google-cloud/dataproc), so the real clients talk to it with
 *   `{ apiEndpoint: '127.0.0.1', port, sslCreds: grpc.credentials.createInsecure() }`;
 * - REST (JSON over HTTP) on `restUrl`, for the clusters calls the sweep makes through
 *   google-auth-library: it wants a bearer token, and answers errors with Google's JSON envelope
 *   `{"error": {"code": <http>, "message", "status": "<google.rpc.Code name>"}}`.
 *
 * It simulates one region of one project:
 * - WorkflowTemplateService.InstantiateInlineWorkflowTemplate with a managed cluster: validates the
 *   request the way the API does (parent, request id, cluster-name prefix, labels, TTL minimums),
 *   creates the cluster (prefix + random suffix), runs the single job (succeeds or fails as told),
 *   then DELETES the cluster in both cases and finishes the long-running operation (Empty, or an
 *   error when the job failed). That teardown is the managed-cluster guarantee the adapter relies on.
 *   A request id whose workflow is still running is not started twice (Dataproc dedups concurrent
 *   instances only).
 * - google.longrunning.Operations.GetOperation so the clients can poll.
 * - REST `GET /v1/projects/P/regions/R/clusters` (ListClusters: filter `labels.K = V`,
 *   `status.state = S`, `clusterName = N`, joined by AND) and
 *   `DELETE /v1/projects/P/regions/R/clusters/NAME?requestId=` (DeleteCluster: NOT_FOUND when the
 *   cluster is gone; a request id seen before answers its first operation).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protos } from '@google-cloud/dataproc';

type V1 = typeof protos.google.cloud.dataproc.v1;
type InlineRequest = protos.google.cloud.dataproc.v1.IInstantiateInlineWorkflowTemplateRequest;
type ListRequest = protos.google.cloud.dataproc.v1.IListClustersRequest;
type DeleteRequest = protos.google.cloud.dataproc.v1.IDeleteClusterRequest;
type IClusterConfig = protos.google.cloud.dataproc.v1.IClusterConfig;
type IOperation = protos.google.longrunning.IOperation;
type GetOperationRequest = protos.google.longrunning.IGetOperationRequest;

export type JobOutcome = 'succeed' | 'fail';
export type ClusterState = keyof V1['ClusterStatus']['State'];

export interface FakeCluster {
  clusterName: string;
  clusterUuid: string;
  labels: Record<string, string>;
  config: IClusterConfig;
  /** State transitions, oldest first; the last one is the current state. */
  history: { state: ClusterState; at: Date }[];
  deletedAt?: Date;
  /** Request id of the workflow that created it (none for clusters added by a test). */
  requestId?: string;
}

interface Workflow {
  operation: IOperation;
  requestId: string;
  running: boolean;
}

const GRPC_CODE = grpc.status;
const CLUSTER_PREFIX = /^[a-z](?:[a-z0-9-]{0,33}[a-z0-9])$/;
const REQUEST_ID = /^[A-Za-z0-9_-]{1,40}$/;
const TEMPLATE_ID = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{1,48}[A-Za-z0-9])$/;
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const ACTIVE: ReadonlySet<string> = new Set(['CREATING', 'RUNNING', 'UPDATING']);

class RpcError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
    readonly html = false,
  ) {
    super(message);
  }
}

/** google.rpc.Code -> HTTP status, as Google's REST APIs map them. */
const HTTP_STATUS: Partial<Record<grpc.status, number>> = {
  [GRPC_CODE.INVALID_ARGUMENT]: 400,
  [GRPC_CODE.FAILED_PRECONDITION]: 400,
  [GRPC_CODE.UNAUTHENTICATED]: 401,
  [GRPC_CODE.PERMISSION_DENIED]: 403,
  [GRPC_CODE.NOT_FOUND]: 404,
  [GRPC_CODE.ALREADY_EXISTS]: 409,
  [GRPC_CODE.ABORTED]: 409,
  [GRPC_CODE.RESOURCE_EXHAUSTED]: 429,
  [GRPC_CODE.UNAVAILABLE]: 503,
  [GRPC_CODE.DEADLINE_EXCEEDED]: 504,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function any(typeName: string, bytes: Uint8Array): { typeUrl: string; value: Buffer } {
  return { typeUrl: `type.googleapis.com/${typeName}`, value: Buffer.from(bytes) };
}

function loadServices(): protoLoader.PackageDefinition {
  const require = createRequire(import.meta.url);
  const json = JSON.parse(
    readFileSync(require.resolve('@google-cloud/dataproc/build/protos/protos.json'), 'utf8'),
  ) as Parameters<typeof protoLoader.fromJSON>[0];
  // Plain objects with camelCase keys, int64 as numbers, enums as names, no defaults: what was sent, nothing more.
  return protoLoader.fromJSON(json, {
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: false,
  });
}

function service(definition: protoLoader.PackageDefinition, name: string): grpc.ServiceDefinition {
  const found = definition[name];
  if (!found || 'format' in found)
    throw new Error(`${name} is not a service in the Dataproc protos`);
  return found as grpc.ServiceDefinition;
}

export class FakeDataproc {
  /** Every request as the server decoded it, in arrival order. */
  readonly instantiateRequests: InlineRequest[] = [];
  readonly listRequests: ListRequest[] = [];
  readonly deleteRequests: DeleteRequest[] = [];
  /** The request id of every REST delete attempt, failed ones included (a retry repeats it). */
  readonly deleteAttempts: string[] = [];
  /** Every cluster ever created, deleted ones included (they keep `deletedAt`). */
  readonly clusters: FakeCluster[] = [];
  /** What the next jobs do. */
  jobOutcome: JobOutcome = 'succeed';
  /** How long a job runs; the cluster steps (create, delete) take `stepMs`. */
  jobMs = 40;
  stepMs = 10;
  /** How many clusters one ListClusters page holds (the server's choice; the client follows the tokens). */
  pageSize = 100;
  /** What a duplicate request id answers while its workflow runs: its operation (default) or ALREADY_EXISTS. */
  duplicateRequest: 'same-operation' | 'already-exists' = 'same-operation';
  port = 0;
  /** Base URL of the REST face, e.g. `http://127.0.0.1:40123`. */
  restUrl = '';

  private readonly server = new grpc.Server();
  private readonly http = createServer((req, res) => this.serveRest(req, res));
  private readonly deletesByRequestId = new Map<string, IOperation>();
  private readonly workflows: Workflow[] = [];
  private readonly operations = new Map<string, IOperation>();
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: { method: string; code: grpc.status; html: boolean }[] = [];

  constructor(
    readonly projectId = 'test-project',
    readonly region = 'asia-northeast3',
  ) {
    const definition = loadServices();
    this.server.addService(
      service(definition, 'google.cloud.dataproc.v1.WorkflowTemplateService'),
      {
        InstantiateInlineWorkflowTemplate: this.unary(
          'InstantiateInlineWorkflowTemplate',
          (req: InlineRequest) => this.instantiateInline(req),
        ),
      },
    );
    this.server.addService(service(definition, 'google.longrunning.Operations'), {
      GetOperation: this.unary('GetOperation', (req: GetOperationRequest) =>
        this.getOperation(req),
      ),
    });
  }

  get parent(): string {
    return `projects/${this.projectId}/regions/${this.region}`;
  }

  async start(): Promise<this> {
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(
        '127.0.0.1:0',
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.restUrl = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.settle();
    this.server.forceShutdown();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Resolves when no workflow or deletion is in flight. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * The next `times` calls of `method` (e.g. 'InstantiateInlineWorkflowTemplate', 'ListClusters',
   * 'DeleteCluster') fail with `code`. `body: 'html'` answers a REST call with the HTML error page a
   * Google front end sends (its HTTP status only, no JSON envelope).
   */
  failNext(method: string, code: grpc.status, times = 1, body: 'json' | 'html' = 'json'): void {
    for (let i = 0; i < times; i++) this.failures.push({ method, code, html: body === 'html' });
  }

  /** A cluster that exists without a workflow, e.g. left behind by a killed launcher. */
  addCluster(
    clusterName: string,
    labels: Record<string, string>,
    createdAt: Date,
    state: ClusterState = 'RUNNING',
  ): FakeCluster {
    const cluster: FakeCluster = {
      clusterName,
      clusterUuid: randomUUID(),
      labels,
      config: {},
      history: [
        { state: 'CREATING', at: createdAt },
        { state, at: new Date(createdAt.getTime() + 90_000) },
      ],
    };
    this.clusters.push(cluster);
    return cluster;
  }

  live(): FakeCluster[] {
    return this.clusters.filter((c) => !c.deletedAt);
  }

  stateOf(cluster: FakeCluster): ClusterState {
    return cluster.history.at(-1)?.state ?? 'UNKNOWN';
  }

  // ---- gRPC plumbing -------------------------------------------------------------------------

  private unary<Req, Res>(
    method: string,
    handle: (req: Req) => Res,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      try {
        this.injectedFailure(method);
        callback(null, handle(call.request));
      } catch (error) {
        const code = error instanceof RpcError ? error.code : GRPC_CODE.INTERNAL;
        callback({
          code,
          details: error instanceof Error ? error.message : String(error),
          name: 'Error',
          message: String(error),
        });
      }
    };
  }

  private injectedFailure(method: string): void {
    const failure = this.failures.findIndex((f) => f.method === method);
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      throw new RpcError(f?.code ?? GRPC_CODE.INTERNAL, `injected failure of ${method}`, f?.html);
    }
  }

  // ---- REST plumbing -------------------------------------------------------------------------

  private serveRest(req: IncomingMessage, res: ServerResponse): void {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? '/', this.restUrl);
      const m = /^\/v1\/projects\/([^/]+)\/regions\/([^/]+)\/clusters(?:\/([^/]+))?$/.exec(
        url.pathname,
      );
      if (!m) throw new RpcError(GRPC_CODE.NOT_FOUND, `no route ${req.method} ${url.pathname}`);
      if (!/^Bearer \S+$/.test(req.headers.authorization ?? ''))
        throw new RpcError(GRPC_CODE.UNAUTHENTICATED, 'Request is missing a bearer token');
      const [projectId, region, name] = [m[1], m[2], m[3]].map((p) =>
        p === undefined ? undefined : decodeURIComponent(p),
      );
      if (req.method === 'GET' && name === undefined) {
        this.injectedFailure('ListClusters');
        send(
          200,
          this.listClusters({
            projectId,
            region,
            filter: url.searchParams.get('filter') ?? '',
            pageToken: url.searchParams.get('pageToken') ?? '',
          }),
        );
      } else if (req.method === 'DELETE' && name !== undefined) {
        const requestId = url.searchParams.get('requestId') ?? '';
        this.deleteAttempts.push(requestId);
        this.injectedFailure('DeleteCluster');
        send(200, this.deleteCluster({ projectId, region, clusterName: name, requestId }));
      } else {
        throw new RpcError(GRPC_CODE.UNIMPLEMENTED, `${req.method} ${url.pathname}`);
      }
    } catch (error) {
      const code = error instanceof RpcError ? error.code : GRPC_CODE.INTERNAL;
      const status = HTTP_STATUS[code] ?? 500;
      if (error instanceof RpcError && error.html) {
        res.writeHead(status, { 'content-type': 'text/html; charset=UTF-8' });
        res.end(
          `<!DOCTYPE html><html><title>Error ${status}</title><p><b>${status}.</b> That's an error.</p></html>`,
        );
        return;
      }
      send(status, {
        error: {
          code: status,
          message: error instanceof Error ? error.message : String(error),
          status: GRPC_CODE[code],
        },
      });
    }
  }

  private track(work: Promise<void>): void {
    const p = work.finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private newOperation(metadata?: { typeUrl: string; value: Buffer }): IOperation {
    const operation: IOperation = {
      name: `${this.parent}/operations/${randomUUID()}`,
      done: false,
      ...(metadata ? { metadata } : {}),
    };
    this.operations.set(operation.name ?? '', operation);
    return operation;
  }

  private checkParent(parent: string | null | undefined): void {
    if (parent !== this.parent)
      throw new RpcError(
        GRPC_CODE.INVALID_ARGUMENT,
        `parent must be ${this.parent} on this regional endpoint, got ${parent}`,
      );
  }

  private checkProjectRegion(
    projectId: string | null | undefined,
    region: string | null | undefined,
  ): void {
    if (projectId !== this.projectId || region !== this.region) {
      throw new RpcError(
        GRPC_CODE.INVALID_ARGUMENT,
        `project/region ${projectId}/${region} is not served here (${this.projectId}/${this.region})`,
      );
    }
  }

  // ---- WorkflowTemplateService ---------------------------------------------------------------

  private instantiateInline(req: InlineRequest): IOperation {
    this.instantiateRequests.push(req);
    this.checkParent(req.parent);
    const requestId = req.requestId ?? '';
    if (requestId && !REQUEST_ID.test(requestId))
      throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, `requestId ${requestId} is invalid`);
    const template = req.template;
    const managed = template?.placement?.managedCluster;
    if (!template || !managed)
      throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, 'template with a managed cluster required');
    if (!TEMPLATE_ID.test(template.id ?? ''))
      throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, `template id ${template.id} is invalid`);
    const prefix = managed.clusterName ?? '';
    if (!CLUSTER_PREFIX.test(prefix))
      throw new RpcError(
        GRPC_CODE.INVALID_ARGUMENT,
        `cluster name prefix ${prefix} is invalid (2-35 of [a-z0-9-])`,
      );
    const labels = { ...(managed.labels ?? {}) };
    for (const [k, v] of Object.entries({ ...labels, ...(template.labels ?? {}) })) {
      if (!LABEL_KEY.test(k) || !LABEL_VALUE.test(v))
        throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, `label ${k}=${v} is invalid`);
    }
    const lifecycle = managed.config?.lifecycleConfig;
    if (Number(lifecycle?.idleDeleteTtl?.seconds ?? 600) < 300)
      throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, 'idleDeleteTtl below 5 minutes');
    if (Number(lifecycle?.autoDeleteTtl?.seconds ?? 600) < 600)
      throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, 'autoDeleteTtl below 10 minutes');
    const jobs = template.jobs ?? [];
    if (jobs.length === 0 || jobs.some((j) => !j.stepId))
      throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, 'jobs with step ids required');

    const running = requestId
      ? this.workflows.find((w) => w.requestId === requestId && w.running)
      : undefined;
    if (running) {
      if (this.duplicateRequest === 'already-exists')
        throw new RpcError(
          GRPC_CODE.ALREADY_EXISTS,
          `workflow with request id ${requestId} is running`,
        );
      return running.operation;
    }

    const clusterName = `${prefix}-${randomBytes(6).toString('hex')}`;
    const cluster: FakeCluster = {
      clusterName,
      clusterUuid: randomUUID(),
      labels: { ...labels, 'goog-dataproc-cluster-name': clusterName },
      config: managed.config ?? {},
      history: [{ state: 'CREATING', at: new Date() }],
      requestId,
    };
    this.clusters.push(cluster);
    const metadata = (state: keyof V1['WorkflowMetadata']['State']) =>
      any(
        'google.cloud.dataproc.v1.WorkflowMetadata',
        protos.google.cloud.dataproc.v1.WorkflowMetadata.encode({
          clusterName,
          clusterUuid: cluster.clusterUuid,
          state,
        }).finish(),
      );
    const operation = this.newOperation(metadata('PENDING'));
    const workflow: Workflow = { operation, requestId, running: true };
    this.workflows.push(workflow);
    const outcome = this.jobOutcome;
    const jobMs = this.jobMs;

    this.track(
      (async () => {
        await sleep(this.stepMs);
        if (!cluster.deletedAt) cluster.history.push({ state: 'RUNNING', at: new Date() });
        operation.metadata = metadata('RUNNING');
        await sleep(jobMs);
        const failed = outcome === 'fail' || cluster.deletedAt !== undefined;
        // Managed cluster: deleted when the workflow ends, whatever the job did.
        if (!cluster.deletedAt) {
          cluster.history.push({ state: 'DELETING', at: new Date() });
          await sleep(this.stepMs);
          cluster.deletedAt = new Date();
        }
        operation.metadata = metadata('DONE');
        if (failed)
          operation.error = {
            code: GRPC_CODE.UNKNOWN,
            message: `Job ${jobs[0]?.stepId} failed: the PySpark driver exited with a non-zero code`,
          };
        else operation.response = any('google.protobuf.Empty', new Uint8Array());
        operation.done = true;
        workflow.running = false;
      })(),
    );
    return operation;
  }

  // ---- ClusterController ---------------------------------------------------------------------

  private listClusters(req: ListRequest): { clusters: object[]; nextPageToken: string } {
    this.listRequests.push(req);
    this.checkProjectRegion(req.projectId, req.region);
    const terms = (req.filter ?? '')
      .split(/\s+AND\s+/)
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => {
        const m = /^([\w.-]+)\s*=\s*(\S+)$/.exec(t);
        if (!m?.[1] || !m[2])
          throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, `bad filter term ${t}`);
        return { field: m[1], value: m[2] };
      });
    const matches = (c: FakeCluster) =>
      terms.every(({ field, value }) => {
        const state = this.stateOf(c);
        if (field === 'status.state')
          return (
            value === state ||
            (value === 'ACTIVE' && ACTIVE.has(state)) ||
            (value === 'INACTIVE' && !ACTIVE.has(state))
          );
        if (field === 'clusterName') return value === '*' || value === c.clusterName;
        if (field.startsWith('labels.')) {
          const label = c.labels[field.slice('labels.'.length)];
          return label !== undefined && (value === '*' || value === label);
        }
        throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, `unknown filter field ${field}`);
      });
    // The page token is the offset of the next page (opaque to clients, as the real one is).
    const all = this.live().filter(matches);
    const from = Number(req.pageToken || '0');
    if (!Number.isInteger(from) || from < 0 || from > all.length)
      throw new RpcError(GRPC_CODE.INVALID_ARGUMENT, `bad page token ${req.pageToken}`);
    const to = Math.min(all.length, from + this.pageSize);
    return {
      clusters: all.slice(from, to).map((c) => this.toJson(c)),
      nextPageToken: to < all.length ? String(to) : '',
    };
  }

  private deleteCluster(req: DeleteRequest): IOperation {
    this.deleteRequests.push(req);
    this.checkProjectRegion(req.projectId, req.region);
    const seen = req.requestId ? this.deletesByRequestId.get(req.requestId) : undefined;
    if (seen) return seen;
    const cluster = this.live().find((c) => c.clusterName === req.clusterName);
    if (!cluster)
      throw new RpcError(
        GRPC_CODE.NOT_FOUND,
        `Not found: Cluster ${this.parent}/clusters/${req.clusterName}`,
      );
    if (this.stateOf(cluster) === 'DELETING')
      throw new RpcError(
        GRPC_CODE.FAILED_PRECONDITION,
        `Cluster ${req.clusterName} is being deleted`,
      );
    cluster.history.push({ state: 'DELETING', at: new Date() });
    const operation = this.newOperation();
    if (req.requestId) this.deletesByRequestId.set(req.requestId, operation);
    this.track(
      (async () => {
        await sleep(this.stepMs);
        cluster.deletedAt = new Date();
        operation.response = any('google.protobuf.Empty', new Uint8Array());
        operation.done = true;
      })(),
    );
    return operation;
  }

  /** The cluster as the REST API renders it: enums by name, timestamps in RFC 3339. */
  private toJson(c: FakeCluster): object {
    const states = c.history.map((h) => ({ state: h.state, stateStartTime: h.at.toISOString() }));
    const current = states.at(-1);
    return {
      projectId: this.projectId,
      clusterName: c.clusterName,
      clusterUuid: c.clusterUuid,
      labels: c.labels,
      config: c.config,
      ...(current ? { status: current } : {}),
      statusHistory: states.slice(0, -1),
    };
  }

  // ---- Operations ----------------------------------------------------------------------------

  private getOperation(req: GetOperationRequest): IOperation {
    const operation = this.operations.get(req.name ?? '');
    if (!operation) throw new RpcError(GRPC_CODE.NOT_FOUND, `operation ${req.name} not found`);
    return operation;
  }
}
