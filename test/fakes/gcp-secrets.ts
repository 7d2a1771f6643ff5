/**
 * A fake Secret Manager: a plain gRPC server on 127.0.0.1 implementing AccessSecretVersion from the
 * very protos @google-cloud/secret-manager ships, so the real client (gRPC transport) talks to it.
 * Other methods answer UNIMPLEMENTED. Requested names are recorded.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { packageRoot } from '../../functions/sqlfiles.js';

export interface FakeSecretManager {
  port: number;
  /** Every `name` AccessSecretVersion was asked for. */
  requested: string[];
  close(): Promise<void>;
}

interface AccessRequest {
  name: string;
}
interface AccessResponse {
  name: string;
  payload: { data: Buffer };
}

/** `values` maps a full version name to its value, or to a gRPC status code to fail with. */
export async function startFakeSecretManager(
  values: Record<string, string | grpc.status>,
): Promise<FakeSecretManager> {
  const modules = join(packageRoot(), 'node_modules');
  const definition = loadSync('google/cloud/secretmanager/v1/service.proto', {
    includeDirs: [
      join(modules, '@google-cloud/secret-manager/build/protos'),
      join(modules, 'google-gax/build/protos'),
    ],
  });
  const service = definition[
    'google.cloud.secretmanager.v1.SecretManagerService'
  ] as grpc.ServiceDefinition;
  const requested: string[] = [];
  const access: grpc.handleUnaryCall<AccessRequest, AccessResponse> = (call, callback) => {
    const name = call.request.name;
    requested.push(name);
    const value = values[name];
    if (value === undefined)
      return callback({
        code: grpc.status.NOT_FOUND,
        details: `Secret [${name}] not found or has no versions.`,
      });
    if (typeof value === 'number') return callback({ code: value, details: 'injected' });
    callback(null, {
      name: name.replace(/latest$/, '1'),
      payload: { data: Buffer.from(value, 'utf8') },
    });
  };
  const server = new grpc.Server();
  server.addService(service, { AccessSecretVersion: access });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    requested,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
