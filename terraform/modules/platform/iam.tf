# Resource-level grants: each function gets exactly the buckets and datasets it touches.
# Keys are static labels so for_each is known at plan time even before the accounts exist.

locals {
  extract_members = { for name, m in module.source : name => m.member }

  bucket_access = merge(
    merge([for name, member in local.extract_members : {
      "extract-${name}-raw"        = { bucket = "raw", role = "roles/storage.objectUser", member = member }
      "extract-${name}-quarantine" = { bucket = "quarantine", role = "roles/storage.objectUser", member = member }
    }]...),
    {
      "transform-raw"        = { bucket = "raw", role = "roles/storage.objectViewer", member = module.transform.member }
      "transform-curated"    = { bucket = "curated", role = "roles/storage.objectUser", member = module.transform.member }
      "transform-quarantine" = { bucket = "quarantine", role = "roles/storage.objectUser", member = module.transform.member }
      "load-curated"         = { bucket = "curated", role = "roles/storage.objectViewer", member = module.load.member }
      "load-quarantine"      = { bucket = "quarantine", role = "roles/storage.objectUser", member = module.load.member }
      "dead-letter-quar"     = { bucket = "quarantine", role = "roles/storage.objectUser", member = module.dead_letter.member }
      # The PySpark job on the ephemeral cluster reads raw JSON and its own code, writes curated Parquet.
      "cluster-raw"     = { bucket = "raw", role = "roles/storage.objectViewer", member = module.dataproc.cluster_member }
      "cluster-curated" = { bucket = "curated", role = "roles/storage.objectUser", member = module.dataproc.cluster_member }
      "cluster-code"    = { bucket = "code", role = "roles/storage.objectViewer", member = module.dataproc.cluster_member }
    },
  )

  # Every stage writes its ledger row to ops; load writes raw/core/mart and reads meta.
  ledger_writers = merge(local.extract_members, {
    transform      = module.transform.member
    load           = module.load.member
    dead_letter    = module.dead_letter.member
    sweep_clusters = module.sweep_clusters.member
  })
  dataset_access = merge(
    { for name, member in local.ledger_writers : "${name}-ops" => { dataset = "ops", role = "roles/bigquery.dataEditor", member = member } },
    {
      "load-raw"  = { dataset = "raw", role = "roles/bigquery.dataEditor", member = module.load.member }
      "load-core" = { dataset = "core", role = "roles/bigquery.dataEditor", member = module.load.member }
      "load-mart" = { dataset = "mart", role = "roles/bigquery.dataEditor", member = module.load.member }
      "load-meta" = { dataset = "meta", role = "roles/bigquery.dataViewer", member = module.load.member }
    },
  )

  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_storage_bucket_iam_member" "access" {
  for_each = local.bucket_access

  bucket = module.storage.names[each.value.bucket]
  role   = each.value.role
  member = each.value.member
}

# Cloud Storage publishes object events to Eventarc's Pub/Sub topic as its service agent; that
# topic is created by Eventarc, so the grant can only be project-wide (documented requirement).
data "google_storage_project_service_account" "gcs" {
  project = var.project_id
}

resource "google_project_iam_member" "gcs_publishes_events" {
  project = var.project_id
  role    = "roles/pubsub.publisher"
  member  = data.google_storage_project_service_account.gcs.member
}

# Pub/Sub forwards undeliverable messages to the dead-letter topic as its service agent.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_agent
}
