output "topic_id" {
  description = "The source's extract topic (backfills publish here)."
  value       = google_pubsub_topic.main.id
}

output "topic_name" {
  description = "Short name of the extract topic."
  value       = google_pubsub_topic.main.name
}

output "function_name" {
  description = "Name of the extract function."
  value       = module.function.name
}

output "member" {
  description = "IAM member of the extract function's service account."
  value       = module.function.member
}

output "eventarc_trigger" {
  description = "Eventarc trigger of the extract function."
  value       = module.function.eventarc_trigger
}
