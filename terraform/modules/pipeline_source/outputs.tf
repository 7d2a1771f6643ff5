output "topic_id" {
  description = "The source's extract topic (backfills publish here)."
  value       = google_pubsub_topic.main.id
}

output "topic_name" {
  description = "Short name of the extract topic."
  value       = google_pubsub_topic.main.name
}

output "publishers" {
  description = "Members granted publish on the topic (backfills)."
  value       = toset([for m in google_pubsub_topic_iam_member.publisher : m.member])
}
