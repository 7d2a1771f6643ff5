# Secret containers only. Values are added with `gcloud secrets versions add` (docs/deploy.md), so
# they never reach Terraform code or state. Who may read a secret is granted per function, on the
# secret, by the event_function module.
resource "google_secret_manager_secret" "main" {
  for_each = var.secret_ids

  project   = var.project_id
  secret_id = each.value
  labels    = var.labels

  replication {
    dynamic "auto" {
      for_each = length(var.replica_locations) == 0 ? [1] : []
      content {}
    }
    dynamic "user_managed" {
      for_each = length(var.replica_locations) == 0 ? [] : [1]
      content {
        dynamic "replicas" {
          for_each = var.replica_locations
          content {
            location = replicas.value
          }
        }
      }
    }
  }
}
