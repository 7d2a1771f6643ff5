# The APIs the platform uses. Disabling on destroy is off: other workloads in the project may use
# them, and re-enabling an API is slow.
resource "google_project_service" "main" {
  for_each = var.services

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
