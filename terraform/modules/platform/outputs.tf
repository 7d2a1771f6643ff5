output "buckets" {
  description = "Bucket names by role."
  value       = merge(module.storage.names, { dataproc_staging = module.dataproc.staging_bucket, dataproc_temp = module.dataproc.temp_bucket })
}

output "extract_topics" {
  description = "Extract topic per source (backfill publishes here)."
  value       = { for name, m in module.source : name => m.topic_id }
}

output "dead_letter_topic" {
  description = "Dead-letter topic id."
  value       = google_pubsub_topic.dead_letter.id
}

output "functions" {
  description = "Deployed function names by key (extract:<source>, transform, load, dead_letter, sweep_clusters)."
  value       = { for key, m in module.function : key => m.name }
}

output "retrying_triggers" {
  description = "Eventarc triggers whose subscriptions get a dead-letter policy (scripts/terraform-dead-letter.sh); the dead_letter function's own trigger is left out so failures cannot loop."
  value       = { for key, m in module.function : key => m.eventarc_trigger if key != "dead_letter" }
}

output "secret_ids" {
  description = "Secrets to fill with gcloud secrets versions add."
  value       = sort(local.secret_ids)
}

output "datasets" {
  description = "BigQuery datasets."
  value       = module.warehouse.dataset_ids
}

output "dataproc_service_account" {
  description = "Service account of the ephemeral clusters."
  value       = module.dataproc.cluster_service_account_email
}

output "build_service_account" {
  description = "Service account the function builds run as (the deployer needs iam.serviceAccountUser on it)."
  value       = google_service_account.build.email
}

output "pubsub_service_agent" {
  description = "Pub/Sub service agent (needs subscriber on the trigger subscriptions for dead-lettering)."
  value       = local.pubsub_agent
}
