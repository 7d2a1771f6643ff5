/**
 * Dataproc ClusterRunner: one INLINE workflow template with a MANAGED cluster per run.
 *
 * Dataproc itself creates the cluster, runs the PySpark step and deletes the cluster when the
 * workflow ends, success or failure, so the launcher (an event function with a 9-minute ceiling)
 * only hands the run over and returns. Backstops when Dataproc's own teardown does not happen:
 * the cluster's lifecycle TTLs (idle + absolute age), the workflow's DAG timeout, and the orphan
 * sweep (stages/maintenance.ts) which lists clusters by our label and deletes old ones.
 * See docs/dataproc.md.
 *
 * Two transports, each loaded on first use (issue 16: first-event overhead):
 * - submit() uses the gRPC WorkflowTemplateServiceClient of @google-cloud/dataproc, imported by its
 *   own module: the package's index loads all eight clients and 4.5 MB of static protobuf classes.
 * - The sweep's two calls (list clusters, delete one) use Dataproc's REST API through
 *   google-auth-library, the auth stack the BigQuery client loads anyway. The gRPC stack (google-gax,
 *   grpc-js, protobufjs: about 1.2 MB to evaluate) would make the sweep's first event the slowest of
 *   all entry points, for two plain calls.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { protos } from '@google-cloud/dataproc';
import type { WorkflowTemplateServiceClient } from '@google-cloud/dataproc/build/src/v1/workflow_template_service_client.js';
import type { AuthClient } from 'google-auth-library';
import type { DataprocConfig } from '../../config.js';
import {
  ConfigError,
  PermanentError,
  TransientError,
  type PipelineError,
} from '../../core/errors.js';
import type { ClusterInfo, ClusterRunner, SparkRun } from '../../core/ports.js';

type InlineRequest = protos.google.cloud.dataproc.v1.IInstantiateInlineWorkflowTemplateRequest;

/** A Cluster as the REST API returns it (JSON: enums by name, timestamps as RFC 3339 strings). */
interface RestCluster {
  clusterName?: string;
  labels?: Record<string, string>;
  status?: { state?: string; stateStartTime?: string };
  statusHistory?: { state?: string; stateStartTime?: string }[];
}
interface RestListClustersResponse {
  clusters?: RestCluster[];
  nextPageToken?: string;
}

/** What the REST calls need: an authorised request (GoogleAuth in production, any AuthClient in tests). */
export type RestRequester = Pick<AuthClient, 'request'>;

export const MANAGED_BY_LABEL = 'managed-by';
export const MANAGED_BY_VALUE = 'korea-data-pipeline';
/** The filter listClusters sends (Dataproc filter syntax: `labels.KEY = VALUE`). */
export const MANAGED_BY_FILTER = `labels.${MANAGED_BY_LABEL} = ${MANAGED_BY_VALUE}`;
export const STEP_ID = 'transform';

/** ManagedCluster.cluster_name is a PREFIX (Dataproc appends a random suffix): [a-z][a-z0-9-], 2..35, no trailing hyphen. */
const CLUSTER_PREFIX_MAX = 35;
/** InstantiateInlineWorkflowTemplateRequest.request_id: [A-Za-z0-9_-], at most 40. */
const REQUEST_ID_MAX = 40;
/** Label keys/values: at most 63 of lowercase letters, digits, `_`, `-`; keys start with a letter. */
const LABEL_MAX = 63;
/** WorkflowTemplate.dag_timeout must lie in [600 s, 86400 s]. */
const DAG_TIMEOUT_MIN_S = 600;
const DAG_TIMEOUT_MAX_S = 86_400;
/**
 * Bound on one RPC including the client's own retries (its default for instantiateInline retries
 * UNAVAILABLE for up to 10 minutes, longer than an event function may run). Retrying the same
 * request is safe: the request id deduplicates it.
 */
const CALL_OPTIONS = { timeout: 60_000 };
/**
 * The REST calls: each attempt bounded, 408/429/5xx and dropped connections retried with backoff
 * (gaxios' retry). A retried DELETE carries the same request id, so Dataproc runs it once.
 */
function restOptions() {
  return {
    timeout: 60_000,
    retry: true,
    retryConfig: { retry: 3, noResponseRetries: 2, httpMethodsToRetry: ['GET', 'DELETE'] },
  };
}
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/** gRPC status codes (google.rpc.Code) this adapter acts on. */
const GRPC = {
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
  INVALID_ARGUMENT: 3,
} as const;
const GRPC_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(GRPC).map(([k, v]) => [v, k]),
);

function shortHash(text: string, n = 6): string {
  return createHash('sha256').update(text).digest('hex').slice(0, n);
}

/** Shortens to `max` keeping it deterministic and unique: head + '-' + hash of the whole. */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  const hash = shortHash(text);
  return `${text.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** Managed-cluster name prefix for a run: lowercase, starts with a letter, <= 35 chars, no trailing hyphen. */
export function clusterNameFor(runName: string): string {
  let name = runName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(name) || name.length < 2) name = `run-${name}`.replace(/-+$/, '');
  return fit(name, CLUSTER_PREFIX_MAX);
}

/** Deterministic request id: the same run name always gives the same id, so a redelivery is deduplicated by Dataproc. */
export function requestIdFor(runName: string): string {
  return fit(`wf-${runName.replace(/[^A-Za-z0-9_-]+/g, '_')}`, REQUEST_ID_MAX);
}

/** Makes labels valid for GCP: lowercase, [\p{Ll}\p{Lo}\p{N}_-], keys start with a letter, <= 63 chars. */
export function sanitizeLabels(labels: Record<string, string>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{Ll}\p{Lo}\p{N}_-]/gu, '_')
      .slice(0, LABEL_MAX);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    let key = clean(k);
    if (!/^[\p{Ll}\p{Lo}]/u.test(key)) key = `l_${key}`.slice(0, LABEL_MAX);
    out[key] = clean(v);
  }
  return out;
}

function codeOf(error: unknown): number | undefined {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'number' ? code : undefined;
}

/** google.rpc.Code names by HTTP status, for a REST error without a JSON envelope (an HTML page). */
const HTTP_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * The google.rpc.Code name of a failed call. REST errors (gaxios: they carry the response) name it
 * in the envelope's `error.status`, else only the HTTP status tells; gRPC errors carry its number.
 * Network errors have neither: UNKNOWN, which is transient.
 */
function statusNameOf(error: unknown): string {
  const response = (error as { response?: { status?: unknown; data?: unknown } } | null)?.response;
  if (!response) {
    const code = codeOf(error);
    return code === undefined ? 'UNKNOWN' : (GRPC_NAMES[code] ?? `CODE_${code}`);
  }
  const envelope = (response.data as { error?: { status?: unknown } } | null | undefined)?.error;
  if (typeof envelope?.status === 'string' && /^[A-Z_]+$/.test(envelope.status))
    return envelope.status;
  const http = typeof response.status === 'number' ? response.status : 0;
  return HTTP_NAMES[http] ?? (http >= 500 ? 'UNAVAILABLE' : `HTTP_${http}`);
}

/** Dataproc's status -> the pipeline's error classes (errors.ts). Unknown ones are transient: retries are bounded. */
export function mapDataprocError(action: string, error: unknown): PipelineError {
  const name = statusNameOf(error);
  // A REST error's message is its body: an HTML error page is cut to what an alert can show.
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
  const message = `Dataproc ${action} failed (${name}): ${detail.slice(0, 300)}`;
  const options = { cause: error };
  switch (name) {
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
      return new PermanentError(`DATAPROC.${name}`, message, options);
    case 'PERMISSION_DENIED':
    case 'UNAUTHENTICATED':
      return new ConfigError(`DATAPROC.${name}`, message, options);
    default: // UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, INTERNAL, ABORTED, ...
      return new TransientError(`DATAPROC.${name}`, message, options);
  }
}

/**
 * Creation time = the earliest state start time Dataproc reports (status history holds CREATING).
 * A state the REST API does not name is kept as it came.
 */
function toClusterInfo(cluster: RestCluster, now = Date.now()): ClusterInfo {
  const times = [...(cluster.statusHistory ?? []), cluster.status]
    .map((s) => (s?.stateStartTime ? Date.parse(s.stateStartTime) : Number.NaN))
    .filter((t) => Number.isFinite(t));
  return {
    name: cluster.clusterName ?? '',
    labels: { ...(cluster.labels ?? {}) },
    // No timestamp at all: treat it as new rather than delete something we cannot date.
    createdAt: new Date(times.length ? Math.min(...times) : now),
    state: cluster.status?.state ?? 'UNKNOWN',
  };
}

export interface DataprocClients {
  /** The gRPC workflow client's options over the defaults (tests: the fake's address). */
  grpc?: ConstructorParameters<typeof WorkflowTemplateServiceClient>[0];
  /** The REST side: `baseUrl` (default `https://<region>-dataproc.googleapis.com`) and its requester. */
  rest?: { baseUrl: string; requester: RestRequester };
}

export class DataprocClusterRunner implements ClusterRunner {
  private workflowsClient: Promise<WorkflowTemplateServiceClient> | undefined;
  private readonly grpcOptions: DataprocClients['grpc'];
  private requester: Promise<RestRequester> | undefined;
  private readonly restBaseUrl: string;

  constructor(
    private readonly config: DataprocConfig & { projectId: string },
    clients: DataprocClients = {},
  ) {
    this.grpcOptions = clients.grpc;
    if (clients.rest) this.requester = Promise.resolve(clients.rest.requester);
    // Dataproc is regional: clusters and workflows live behind `<region>-dataproc.googleapis.com`.
    this.restBaseUrl = clients.rest?.baseUrl ?? `https://${this.endpoint}`;
  }

  private get endpoint(): string {
    return `${this.config.region}-dataproc.googleapis.com`;
  }

  private workflows(): Promise<WorkflowTemplateServiceClient> {
    return (this.workflowsClient ??=
      import('@google-cloud/dataproc/build/src/v1/workflow_template_service_client.js').then(
        (m) =>
          new m.WorkflowTemplateServiceClient({ apiEndpoint: this.endpoint, ...this.grpcOptions }),
      ));
  }

  private rest(): Promise<RestRequester> {
    return (this.requester ??= import('google-auth-library').then(
      (m) => new m.GoogleAuth({ scopes: [CLOUD_PLATFORM] }),
    ));
  }

  private get parent(): string {
    return `projects/${this.config.projectId}/regions/${this.config.region}`;
  }

  private get clustersUrl(): string {
    return `${this.restBaseUrl}/v1/projects/${encodeURIComponent(this.config.projectId)}/regions/${encodeURIComponent(this.config.region)}/clusters`;
  }

  /** The exact request submit() sends (exposed for tests and `pipeline` dry runs). */
  buildRequest(run: SparkRun): InlineRequest {
    const c = this.config;
    // Dataproc refuses a standard cluster with one worker; say so as a setting, not as bad data.
    if (c.numWorkers === 1)
      throw new ConfigError(
        'DATAPROC.CONFIG',
        'DATAPROC_NUM_WORKERS must be 0 (single node) or >= 2',
      );
    const clusterName = clusterNameFor(run.name);
    const labels = sanitizeLabels({
      ...run.labels,
      run: clusterName,
      [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    });
    const disk = { bootDiskType: 'pd-balanced', bootDiskSizeGb: c.bootDiskGb };
    return {
      parent: this.parent,
      requestId: requestIdFor(run.name),
      template: {
        id: clusterName,
        labels, // propagated by Dataproc to the job and the cluster
        dagTimeout: {
          seconds: Math.min(Math.max(c.autoDeleteTtlS, DAG_TIMEOUT_MIN_S), DAG_TIMEOUT_MAX_S),
        },
        placement: {
          managedCluster: {
            clusterName,
            labels,
            config: {
              configBucket: c.stagingBucket,
              tempBucket: c.tempBucket,
              gceClusterConfig: {
                ...(c.serviceAccount ? { serviceAccount: c.serviceAccount } : {}),
                serviceAccountScopes: ['https://www.googleapis.com/auth/cloud-platform'],
                // Nodes only talk to Google APIs (GCS): no public IPs; the subnet needs Private Google Access.
                internalIpOnly: true,
                ...(c.subnetwork ? { subnetworkUri: c.subnetwork } : {}),
              },
              masterConfig: {
                numInstances: 1,
                machineTypeUri: c.masterMachineType,
                diskConfig: disk,
              },
              ...(c.numWorkers > 0
                ? {
                    workerConfig: {
                      numInstances: c.numWorkers,
                      machineTypeUri: c.workerMachineType,
                      diskConfig: disk,
                    },
                  }
                : {}),
              softwareConfig: {
                imageVersion: c.imageVersion,
                ...(c.numWorkers === 0
                  ? { properties: { 'dataproc:dataproc.allow.zero.workers': 'true' } }
                  : {}),
              },
              lifecycleConfig: {
                idleDeleteTtl: { seconds: c.idleDeleteTtlS },
                autoDeleteTtl: { seconds: c.autoDeleteTtlS },
              },
            },
          },
        },
        jobs: [
          {
            stepId: STEP_ID,
            pysparkJob: {
              mainPythonFileUri: `${c.codeUri.replace(/\/+$/, '')}/${run.mainPythonFile}`,
              args: [...run.args],
            },
          },
        ],
      },
    };
  }

  /** Hands the run to Dataproc and returns at once; it does not wait for the workflow (or the job). */
  async submit(run: SparkRun): Promise<{ operation: string }> {
    const request = this.buildRequest(run);
    try {
      const [operation] = await (
        await this.workflows()
      ).instantiateInlineWorkflowTemplate(request, CALL_OPTIONS);
      return { operation: operation.name ?? `request/${request.requestId}` };
    } catch (error) {
      // The same request id is already running: a redelivered event, nothing more to do.
      if (codeOf(error) === GRPC.ALREADY_EXISTS)
        return { operation: `already-submitted/${request.requestId}` };
      throw mapDataprocError('instantiateInline', error);
    }
  }

  /** Every page of ListClusters with our label filter; clusters already being deleted are left out. */
  async listClusters(): Promise<ClusterInfo[]> {
    const found: ClusterInfo[] = [];
    let pageToken = '';
    try {
      const requester = await this.rest();
      do {
        const { data } = await requester.request<RestListClustersResponse>({
          ...restOptions(),
          method: 'GET',
          url: this.clustersUrl,
          params: { filter: MANAGED_BY_FILTER, ...(pageToken ? { pageToken } : {}) },
        });
        if (typeof data !== 'object' || data === null || !Array.isArray(data.clusters ?? []))
          throw new TransientError(
            'DATAPROC.BAD_RESPONSE',
            'Dataproc listClusters answered without a clusters list',
          );
        for (const cluster of data.clusters ?? []) {
          const info = toClusterInfo(cluster);
          // A cluster already being deleted is on its way out; deleting it again would be refused.
          if (info.labels[MANAGED_BY_LABEL] === MANAGED_BY_VALUE && info.state !== 'DELETING')
            found.push(info);
        }
        pageToken = data.nextPageToken ?? '';
      } while (pageToken);
    } catch (error) {
      if (error instanceof TransientError) throw error;
      throw mapDataprocError('listClusters', error);
    }
    return found;
  }

  /**
   * Asks Dataproc to delete the cluster and resolves once it accepted: the deletion takes about a
   * minute, and the next sweep sees the cluster DELETING, gone, or (if the deletion failed) again.
   * "Already gone" counts as success.
   */
  async deleteCluster(name: string): Promise<void> {
    try {
      const requester = await this.rest();
      await requester.request({
        ...restOptions(),
        method: 'DELETE',
        url: `${this.clustersUrl}/${encodeURIComponent(name)}`,
        params: { requestId: randomUUID() },
      });
    } catch (error) {
      if (statusNameOf(error) === 'NOT_FOUND') return;
      throw mapDataprocError('deleteCluster', error);
    }
  }

  /** Closes the gRPC channels (tests; the functions keep them for the instance's life). */
  async close(): Promise<void> {
    await (await this.workflowsClient)?.close();
  }
}
