output "topic_id" {
  description = "The source's extract topic (backfills publish here)."
  value       = google_pubsub_topic.main.id
}

output "topic_name" {
  description = "Short name of the extract topic."
  value       = google_pubsub_topic.main.name
}
