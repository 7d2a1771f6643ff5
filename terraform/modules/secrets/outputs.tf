output "ids" {
  description = "Secret id by secret id, for references that must wait until the secret exists."
  value       = { for id, s in google_secret_manager_secret.main : id => s.secret_id }
}
