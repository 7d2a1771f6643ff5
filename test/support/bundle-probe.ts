/**
 * Bundled beside functions/index.ts by test/contract/bundle.test.ts, with the options of the
 * deployed bundle (scripts/bundle.mjs): the Google SDKs and adapters as they run once
 * esbuild has inlined them (CommonJS under the ESM shim, protos and package files read at run
 * time), so the contract test can drive each against its fake.
 */
export { credentials } from '@grpc/grpc-js';
export { OAuth2Client } from 'google-auth-library';
export { Storage } from '@google-cloud/storage';
export { BigQuery } from '@google-cloud/bigquery';
export { PubSub } from '@google-cloud/pubsub';
// The module the adapter imports: in the bundle its protos are pruned to its own service.
export { WorkflowTemplateServiceClient } from '@google-cloud/dataproc/build/src/v1/workflow_template_service_client.js';
export { SecretManagerServiceClient } from '@google-cloud/secret-manager';
export { GcsObjectStore } from '../../functions/adapters/gcp/storage.js';
export { BigQueryWarehouse } from '../../functions/adapters/gcp/bigquery.js';
export { DataprocClusterRunner } from '../../functions/adapters/gcp/dataproc.js';
export { SecretManagerSecrets } from '../../functions/adapters/gcp/secrets.js';
