import type { Config } from '../config.js';
import type { PolicyDeps } from '../core/policy.js';
import type { ClusterRunner, Publisher, Warehouse } from '../core/ports.js';

export interface Secrets {
  /** The secret's value, or undefined when it is not configured. */
  get(name: string): Promise<string | undefined>;
}

/** Everything a stage may touch, built once by the composition root (or the local runtime). */
export interface StageDeps extends PolicyDeps {
  config: Config;
  warehouse: Warehouse;
  publisher: Publisher;
  clusters: ClusterRunner;
  secrets: Secrets;
  /** fetch for the sources' shared HTTP clients (global fetch in production). */
  fetch: typeof fetch;
}
