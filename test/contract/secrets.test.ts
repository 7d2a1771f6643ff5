/**
 * SecretManagerSecrets driven through the real @google-cloud/secret-manager client (gRPC) against a
 * local gRPC server built from the client's own protos (test/fakes/gcp-secrets.ts).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { SecretManagerSecrets, secretId } from '../../functions/adapters/gcp/secrets.js';
import { ConfigError } from '../../functions/core/errors.js';
import { startFakeSecretManager, type FakeSecretManager } from '../fakes/gcp-secrets.js';
import { localGrpcOptions } from '../support/grpc.js';

const PROJECT = 'test-project';
const version = (id: string) => `projects/${PROJECT}/secrets/${id}/versions/latest`;
const SECRET_VALUE = 'sk-test-not-a-real-key';

let server: FakeSecretManager;
let client: SecretManagerServiceClient;
let clientsMade = 0;

function secrets(env: Record<string, string | undefined> = {}): SecretManagerSecrets {
  return new SecretManagerSecrets(PROJECT, env, () => {
    clientsMade++;
    return client;
  });
}

before(async () => {
  server = await startFakeSecretManager({
    [version('saramin-access-key')]: SECRET_VALUE,
    [version('slack-webhook-url')]: grpc.status.PERMISSION_DENIED,
  });
  client = new SecretManagerServiceClient(localGrpcOptions(server.port, grpc.credentials));
});

after(async () => {
  await client.close();
  await server.close();
});

test('secret ids follow the Terraform rule', () => {
  assert.equal(secretId('SARAMIN_ACCESS_KEY'), 'saramin-access-key');
  assert.equal(secretId('DATA_GO_KR_SERVICE_KEY'), 'data-go-kr-service-key');
});

test('the environment answers first; no client is even created', async () => {
  const made = clientsMade;
  const s = secrets({ SARAMIN_ACCESS_KEY: 'from-env' });
  assert.equal(await s.get('SARAMIN_ACCESS_KEY'), 'from-env');
  assert.equal(clientsMade, made);
  assert.deepEqual(server.requested, []);
});

test('otherwise the latest version is read once per process', async () => {
  const s = secrets();
  assert.equal(await s.get('SARAMIN_ACCESS_KEY'), SECRET_VALUE);
  assert.equal(await s.get('SARAMIN_ACCESS_KEY'), SECRET_VALUE);
  assert.deepEqual(server.requested, [version('saramin-access-key')]);
});

test('NOT_FOUND means "not configured": undefined, not an error', async () => {
  assert.equal(await secrets().get('DATA_GO_KR_SERVICE_KEY'), undefined);
  assert.ok(server.requested.includes(version('data-go-kr-service-key')));
});

test('PERMISSION_DENIED is a ConfigError that names the secret, not a value', async () => {
  await assert.rejects(secrets().get('SLACK_WEBHOOK_URL'), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.code, 'SECRETS.GRPC_7');
    assert.match(e.message, /slack-webhook-url/);
    assert.doesNotMatch(e.message, new RegExp(SECRET_VALUE));
    return true;
  });
});
