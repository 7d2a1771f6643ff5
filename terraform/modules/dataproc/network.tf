# The clusters' network. Dataproc 2.2 images create internal-IP-only clusters, so the VMs reach
# Cloud Storage and the other Google APIs through Private Google Access on their subnet; nothing
# else leaves the network (no NAT: the job downloads nothing). The cluster nodes talk to each other
# (HDFS, YARN, Spark shuffle) on any port: allowed between the cluster service account's VMs only.

resource "google_compute_network" "main" {
  project                 = var.project_id
  name                    = var.network_name
  description             = "Ephemeral Dataproc clusters of the pipeline (internal IPs only)"
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

resource "google_compute_subnetwork" "main" {
  project                  = var.project_id
  name                     = "${var.network_name}-${var.region}"
  region                   = var.region
  network                  = google_compute_network.main.id
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true
}

resource "google_compute_firewall" "cluster_internal" {
  project     = var.project_id
  name        = "${var.network_name}-cluster-internal"
  network     = google_compute_network.main.id
  description = "Dataproc nodes talk to each other (Dataproc's documented requirement)."
  direction   = "INGRESS"
  priority    = 1000

  source_service_accounts = [google_service_account.cluster.email]
  target_service_accounts = [google_service_account.cluster.email]

  allow {
    protocol = "tcp"
    ports    = ["0-65535"]
  }
  allow {
    protocol = "udp"
    ports    = ["0-65535"]
  }
  allow {
    protocol = "icmp"
  }
}
