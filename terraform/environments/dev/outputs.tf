output "buckets" {
  description = "Bucket names by role."
  value       = module.platform.buckets
}

output "extract_topics" {
  description = "Extract topic per source."
  value       = module.platform.extract_topics
}

output "dead_letter_topic" {
  description = "Dead-letter topic id."
  value       = module.platform.dead_letter_topic
}

output "functions" {
  description = "Deployed function names."
  value       = module.platform.functions
}

output "retrying_triggers" {
  description = "Eventarc triggers that get a dead-letter policy (scripts/terraform-dead-letter.sh)."
  value       = module.platform.retrying_triggers
}

output "secret_ids" {
  description = "Secrets to fill with gcloud secrets versions add."
  value       = module.platform.secret_ids
}

output "pubsub_service_agent" {
  description = "Pub/Sub service agent."
  value       = module.platform.pubsub_service_agent
}

output "build_service_account" {
  description = "Service account of the function builds (whoever applies needs iam.serviceAccountUser on it)."
  value       = module.platform.build_service_account
}
