output "names" {
  description = "Physical bucket name by role."
  value       = { for role, b in google_storage_bucket.main : role => b.name }
}

output "urls" {
  description = "gs:// URL by role."
  value       = { for role, b in google_storage_bucket.main : role => b.url }
}
