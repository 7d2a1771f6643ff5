/**
 * Dataproc 2.2 clusters have internal IPs only, so they need a subnet with Private Google Access:
 * Terraform creates the network, subnet and firewall and passes the subnet as DATAPROC_SUBNETWORK,
 * and the Dataproc adapter puts it in the cluster's gceClusterConfig.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataprocClusterRunner } from '../../functions/adapters/gcp/dataproc.js';
import { parseConfig } from '../../functions/config.js';
import { refersTo, resources, loadTree, type Body } from './terraform-model.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tree = await loadTree(path.join(ROOT, 'terraform'));
const SUBNET = 'projects/p/regions/asia-northeast3/subnetworks/dataproc-asia-northeast3';

const run = {
  name: 'stock-prices-2026-11-23',
  source: 'stock',
  slotId: '2026-11-23T00:00+09:00/P1D',
  mainPythonFile: 'stock_prices.py',
  args: [],
  labels: { source: 'stock' },
};

function gceConfig(env: Record<string, string>): Record<string, unknown> {
  const config = parseConfig({ GOOGLE_CLOUD_PROJECT: 'p', ...env }, []);
  const request = new DataprocClusterRunner({ ...config.dataproc, projectId: 'p' }).buildRequest(
    run,
  ) as unknown as {
    template: {
      placement: { managedCluster: { config: { gceClusterConfig: Record<string, unknown> } } };
    };
  };
  return request.template.placement.managedCluster.config.gceClusterConfig;
}

test('the cluster runs in DATAPROC_SUBNETWORK, internal IPs only', () => {
  const gce = gceConfig({ DATAPROC_SUBNETWORK: SUBNET });
  assert.equal(gce.subnetworkUri, SUBNET);
  assert.equal(gce.internalIpOnly, true);
  assert.equal(gceConfig({}).subnetworkUri, undefined, 'unset: the default network');
});

test('Terraform: a subnet with Private Google Access, a node-to-node firewall, passed as DATAPROC_SUBNETWORK', () => {
  const subnets = resources(tree, 'google_compute_subnetwork', 'modules/dataproc');
  assert.equal(subnets.length, 1);
  assert.equal(subnets[0]!.body.private_ip_google_access, true);
  assert.ok(refersTo(subnets[0]!.body.network, 'google_compute_network.main'), 'in our network');
  const network = resources(tree, 'google_compute_network', 'modules/dataproc')[0];
  assert.equal(network?.body.auto_create_subnetworks, false);
  const firewall = resources(tree, 'google_compute_firewall', 'modules/dataproc')[0];
  assert.ok(firewall, 'a firewall rule lets the cluster nodes talk to each other');
  assert.ok(
    refersTo(firewall.body.target_service_accounts, 'google_service_account.cluster'),
    'between the cluster VMs',
  );
  const allowed = (firewall.body.allow as Body[]).map((a) => a.protocol);
  assert.deepEqual(allowed.sort(), ['icmp', 'tcp', 'udp']);
  const env = tree.get('modules/platform')!.locals.dataproc_env as Body;
  assert.ok(
    refersTo(env.DATAPROC_SUBNETWORK, 'module.dataproc.subnetwork'),
    'DATAPROC_SUBNETWORK = module.dataproc.subnetwork',
  );
});
