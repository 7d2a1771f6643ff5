output "services" {
  description = "Enabled API names; depend on this output to order resources after their API."
  value       = [for s in google_project_service.main : s.service]
}
