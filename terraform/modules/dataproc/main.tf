# What the per-run ephemeral clusters need. The clusters themselves are NOT Terraform resources:
# the transform function instantiates an inline workflow template with a managed cluster per run
# (deleted when the workflow ends, plus an idle/auto-delete TTL), and sweep_clusters deletes orphans.

resource "google_service_account" "cluster" {
  project      = var.project_id
  account_id   = "dataproc-cluster"
  display_name = "Dataproc ephemeral cluster VMs"
}

# Dataproc worker permissions are project-scoped by design (no per-cluster grant exists).
resource "google_project_iam_member" "cluster_worker" {
  project = var.project_id
  role    = "roles/dataproc.worker"
  member  = google_service_account.cluster.member
}

resource "google_storage_bucket" "staging" {
  project                     = var.project_id
  name                        = "${var.bucket_prefix}-dataproc-staging"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = merge(var.labels, { role = "dataproc-staging" })

  lifecycle_rule {
    condition {
      age = var.staging_expire_after_days
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_storage_bucket" "temp" {
  project                     = var.project_id
  name                        = "${var.bucket_prefix}-dataproc-temp"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.force_destroy
  labels                      = merge(var.labels, { role = "dataproc-temp" })

  lifecycle_rule {
    condition {
      age = var.temp_expire_after_days
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_storage_bucket_iam_member" "cluster_staging" {
  bucket = google_storage_bucket.staging.name
  role   = "roles/storage.objectAdmin"
  member = google_service_account.cluster.member
}

resource "google_storage_bucket_iam_member" "cluster_temp" {
  bucket = google_storage_bucket.temp.name
  role   = "roles/storage.objectAdmin"
  member = google_service_account.cluster.member
}

# The launcher creates clusters and inline workflow templates (project-scoped permissions)...
resource "google_project_iam_member" "launcher" {
  for_each = var.launcher_members

  project = var.project_id
  role    = "roles/dataproc.editor"
  member  = each.value
}

# ...and may start VMs as the cluster service account, and only that one (granted on the account).
resource "google_service_account_iam_member" "launcher_act_as" {
  for_each = var.launcher_members

  service_account_id = google_service_account.cluster.name
  role               = "roles/iam.serviceAccountUser"
  member             = each.value
}

# The sweeper needs far less than dataproc.editor: find our clusters and delete them.
resource "google_project_iam_custom_role" "sweeper" {
  project     = var.project_id
  role_id     = "dataprocClusterSweeper"
  title       = "Dataproc cluster sweeper"
  description = "List, read and delete Dataproc clusters (orphan sweep)."
  permissions = [
    "dataproc.clusters.get",
    "dataproc.clusters.list",
    "dataproc.clusters.delete",
    "dataproc.operations.get",
  ]
}

resource "google_project_iam_member" "sweeper" {
  for_each = var.sweeper_members

  project = var.project_id
  role    = google_project_iam_custom_role.sweeper.name
  member  = each.value
}
