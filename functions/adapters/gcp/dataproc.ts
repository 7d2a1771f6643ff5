/**
 * Dataproc ClusterRunner: one INLINE workflow template with a MANAGED cluster per run.
 *
 * Dataproc itself creates the cluster, runs the PySpark step and deletes the cluster when the
 * workflow ends, success or failure, so the launcher (an event function with a 9-minute ceiling)
 * only hands the run over and returns. Backstops when Dataproc's own teardown does not happen:
 * the cluster's lifecycle TTLs (idle + absolute age), the workflow's DAG timeout, and the orphan
 * sweep (stages/maintenance.ts) which lists clusters by our label and deletes old ones.
 * See docs/dataproc.md.
 */
import { createHash } from 'node:crypto';
// The two clients by their own modules: the package's index loads all eight clients and 4.5 MB of
// static protobuf classes, which only the types below need (issue 16).
import type { protos } from '@google-cloud/dataproc';
import { ClusterControllerClient } from '@google-cloud/dataproc/build/src/v1/cluster_controller_client.js';
import { WorkflowTemplateServiceClient } from '@google-cloud/dataproc/build/src/v1/workflow_template_service_client.js';
import type { DataprocConfig } from '../../config.js';
import {
  ConfigError,
  PermanentError,
  TransientError,
  type PipelineError,
} from '../../core/errors.js';
import type { ClusterInfo, ClusterRunner, SparkRun } from '../../core/ports.js';

type InlineRequest = protos.google.cloud.dataproc.v1.IInstantiateInlineWorkflowTemplateRequest;
type ICluster = protos.google.cloud.dataproc.v1.ICluster;
type ITimestamp = protos.google.protobuf.ITimestamp;

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
/** Polling of the delete operation: bounded so the sweep fails (and is retried) instead of hanging. */
const DELETE_POLLING = {
  initialRetryDelayMillis: 250,
  retryDelayMultiplier: 1.5,
  maxRetryDelayMillis: 15_000,
  totalTimeoutMillis: 300_000,
};

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

/** gRPC status -> the pipeline's error classes (errors.ts). Unknown codes are transient: retries are bounded. */
export function mapDataprocError(action: string, error: unknown): PipelineError {
  const code = codeOf(error);
  const name = code === undefined ? 'UNKNOWN' : (GRPC_NAMES[code] ?? `CODE_${code}`);
  const message = `Dataproc ${action} failed (${name}): ${error instanceof Error ? error.message : String(error)}`;
  const options = { cause: error };
  switch (code) {
    case GRPC.INVALID_ARGUMENT:
    case GRPC.FAILED_PRECONDITION:
      return new PermanentError(`DATAPROC.${name}`, message, options);
    case GRPC.PERMISSION_DENIED:
    case GRPC.UNAUTHENTICATED:
      return new ConfigError(`DATAPROC.${name}`, message, options);
    default: // UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, INTERNAL, ABORTED, ...
      return new TransientError(`DATAPROC.${name}`, message, options);
  }
}

function toMillis(t: ITimestamp | null | undefined): number | undefined {
  if (!t || t.seconds === null || t.seconds === undefined) return undefined;
  return Number(t.seconds.toString()) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

function stateName(state: protos.google.cloud.dataproc.v1.IClusterStatus['state']): string {
  // The client decodes enums as their names; a number would be a value newer than its protos.
  if (typeof state === 'number') return `STATE_${state}`;
  return state ?? 'UNKNOWN';
}

/** Creation time = the earliest state start time Dataproc reports (status history holds CREATING). */
export function toClusterInfo(cluster: ICluster, now = Date.now()): ClusterInfo {
  const times = [...(cluster.statusHistory ?? []), cluster.status]
    .map((s) => toMillis(s?.stateStartTime))
    .filter((t): t is number => t !== undefined);
  return {
    name: cluster.clusterName ?? '',
    labels: { ...(cluster.labels ?? {}) },
    // No timestamp at all: treat it as new rather than delete something we cannot date.
    createdAt: new Date(times.length ? Math.min(...times) : now),
    state: stateName(cluster.status?.state),
  };
}

export interface DataprocClients {
  workflows?: WorkflowTemplateServiceClient;
  clusters?: ClusterControllerClient;
}

export class DataprocClusterRunner implements ClusterRunner {
  private workflowsClient: WorkflowTemplateServiceClient | undefined;
  private clustersClient: ClusterControllerClient | undefined;

  constructor(
    private readonly config: DataprocConfig & { projectId: string },
    clients: DataprocClients = {},
  ) {
    this.workflowsClient = clients.workflows;
    this.clustersClient = clients.clusters;
  }

  /** Dataproc is regional: clusters and workflows live behind `<region>-dataproc.googleapis.com`. */
  private get endpoint(): string {
    return `${this.config.region}-dataproc.googleapis.com`;
  }

  private get workflows(): WorkflowTemplateServiceClient {
    return (this.workflowsClient ??= new WorkflowTemplateServiceClient({
      apiEndpoint: this.endpoint,
    }));
  }

  private get clusters(): ClusterControllerClient {
    return (this.clustersClient ??= new ClusterControllerClient({ apiEndpoint: this.endpoint }));
  }

  private get parent(): string {
    return `projects/${this.config.projectId}/regions/${this.config.region}`;
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
      const [operation] = await this.workflows.instantiateInlineWorkflowTemplate(
        request,
        CALL_OPTIONS,
      );
      return { operation: operation.name ?? `request/${request.requestId}` };
    } catch (error) {
      // The same request id is already running: a redelivered event, nothing more to do.
      if (codeOf(error) === GRPC.ALREADY_EXISTS)
        return { operation: `already-submitted/${request.requestId}` };
      throw mapDataprocError('instantiateInline', error);
    }
  }

  async listClusters(): Promise<ClusterInfo[]> {
    const found: ClusterInfo[] = [];
    try {
      const { projectId, region } = this.config;
      for await (const cluster of this.clusters.listClustersAsync(
        { projectId, region, filter: MANAGED_BY_FILTER },
        { ...CALL_OPTIONS, autoPaginate: false },
      )) {
        const info = toClusterInfo(cluster);
        // A cluster already being deleted is on its way out; deleting it again would be refused.
        if (info.labels[MANAGED_BY_LABEL] === MANAGED_BY_VALUE && info.state !== 'DELETING')
          found.push(info);
      }
    } catch (error) {
      throw mapDataprocError('listClusters', error);
    }
    return found;
  }

  async deleteCluster(name: string): Promise<void> {
    const { projectId, region } = this.config;
    try {
      const [operation] = await this.clusters.deleteCluster(
        { projectId, region, clusterName: name },
        { ...CALL_OPTIONS, longrunning: DELETE_POLLING },
      );
      await operation.promise();
    } catch (error) {
      if (codeOf(error) === GRPC.NOT_FOUND) return; // already gone counts as success
      throw mapDataprocError('deleteCluster', error);
    }
  }

  /** Closes the gRPC channels (tests; the functions keep them for the instance's life). */
  async close(): Promise<void> {
    await Promise.all([this.workflowsClient?.close(), this.clustersClient?.close()]);
  }
}
