# Private buckets: uniform bucket-level access (IAM only, no ACLs) and public access prevention
# enforced, so no grant can ever make an object public. Access is granted per bucket by the caller.
resource "google_storage_bucket" "main" {
  for_each = var.buckets

  project                     = var.project_id
  name                        = each.value.name
  location                    = var.location
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = merge(var.labels, { role = each.key })

  versioning {
    enabled = each.value.versioning
  }

  dynamic "lifecycle_rule" {
    for_each = each.value.colder_after_days == null ? [] : [each.value]
    content {
      condition {
        age                   = lifecycle_rule.value.colder_after_days
        matches_storage_class = ["STANDARD"]
      }
      action {
        type          = "SetStorageClass"
        storage_class = lifecycle_rule.value.colder_class
      }
    }
  }

  dynamic "lifecycle_rule" {
    for_each = each.value.expire_after_days == null ? [] : [each.value]
    content {
      condition {
        age = lifecycle_rule.value.expire_after_days
      }
      action {
        type = "Delete"
      }
    }
  }
}
