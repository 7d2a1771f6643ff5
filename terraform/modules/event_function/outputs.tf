output "name" {
  description = "Function name."
  value       = google_cloudfunctions2_function.main.name
}

output "service_account_email" {
  description = "Email of the function's own service account."
  value       = google_service_account.main.email
}

output "member" {
  description = "IAM member string (serviceAccount:...) of the function's service account."
  value       = google_service_account.main.member
}

output "eventarc_trigger" {
  description = "Full name of the Eventarc trigger the function was given (its Pub/Sub subscription carries the retry policy)."
  value       = google_cloudfunctions2_function.main.event_trigger[0].trigger
}
