/**
 * Secrets on Google Cloud. Terraform mounts each secret as an environment variable of the function
 * (SARAMIN_ACCESS_KEY, SLACK_WEBHOOK_URL, ...), so the environment answers first; otherwise the
 * latest version of `projects/<p>/secrets/<name-lowercased-with-dashes>` is read once per process.
 * Values are never logged and never put into error messages.
 */
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { ConfigError, TransientError } from '../../core/errors.js';
import type { Secrets } from '../../stages/deps.js';

/** gRPC codes that mean "try later": DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
const RETRY_CODES: ReadonlySet<number> = new Set([4, 8, 10, 13, 14]);
const NOT_FOUND = 5;

/** `SARAMIN_ACCESS_KEY` -> `saramin-access-key` (the Terraform naming rule). */
export function secretId(envName: string): string {
  return envName.toLowerCase().replaceAll('_', '-');
}

export class SecretManagerSecrets implements Secrets {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private client: SecretManagerServiceClient | undefined;

  constructor(
    private readonly projectId: string,
    private readonly env: Record<string, string | undefined>,
    /** Created on first use: most invocations find their secret in the environment. */
    private readonly makeClient: () => SecretManagerServiceClient = () =>
      new SecretManagerServiceClient(),
  ) {}

  get(name: string): Promise<string | undefined> {
    const fromEnv = this.env[name];
    if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv);
    let cached = this.cache.get(name);
    if (!cached) {
      cached = this.access(name);
      // A failed lookup is not remembered: the next event tries again.
      cached.catch(() => this.cache.delete(name));
      this.cache.set(name, cached);
    }
    return cached;
  }

  private async access(name: string): Promise<string | undefined> {
    this.client ??= this.makeClient();
    const path = `projects/${this.projectId}/secrets/${secretId(name)}/versions/latest`;
    try {
      const [version] = await this.client.accessSecretVersion({ name: path });
      const data = version.payload?.data;
      if (data === null || data === undefined) return undefined;
      const value = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
      return value === '' ? undefined : value;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === NOT_FOUND) return undefined;
      // The message names the secret, never its value (which we do not have).
      if (typeof code === 'number' && RETRY_CODES.has(code))
        throw new TransientError(
          `SECRETS.GRPC_${code}`,
          `reading secret ${secretId(name)} failed (gRPC ${code})`,
        );
      throw new ConfigError(
        `SECRETS.GRPC_${String(code ?? 'UNKNOWN')}`,
        `reading secret ${secretId(name)} failed (gRPC ${String(code ?? 'unknown')}): check the function's secretAccessor role`,
      );
    }
  }
}
