output "cluster_service_account_email" {
  description = "Service account the cluster VMs run as (DATAPROC_SERVICE_ACCOUNT)."
  value       = google_service_account.cluster.email
}

output "cluster_member" {
  description = "IAM member of the cluster service account (for bucket grants)."
  value       = google_service_account.cluster.member
}

output "staging_bucket" {
  description = "Cluster staging bucket name (DATAPROC_STAGING_BUCKET)."
  value       = google_storage_bucket.staging.name
}

output "temp_bucket" {
  description = "Cluster temp bucket name (DATAPROC_TEMP_BUCKET)."
  value       = google_storage_bucket.temp.name
}

output "subnetwork" {
  description = "Subnetwork of the cluster VMs, projects/<p>/regions/<r>/subnetworks/<name> (DATAPROC_SUBNETWORK); has Private Google Access."
  value       = google_compute_subnetwork.main.id
}

output "network" {
  description = "VPC network of the cluster VMs."
  value       = google_compute_network.main.id
}
