# Resource-level grants: each function gets exactly the buckets and datasets it touches.
# Keys are static labels so for_each is known at plan time even before the accounts exist.

locals {
  extract_members = { for name in keys(var.sources) : name => module.function["extract:${name}"].member }

  bucket_access = merge(
    merge([for name, member in local.extract_members : {
      "extract-${name}-raw"        = { bucket = "raw", role = "roles/storage.objectUser", member = member }
      "extract-${name}-quarantine" = { bucket = "quarantine", role = "roles/storage.objectUser", member = member }
    }]...),
    {
      "transform-raw"        = { bucket = "raw", role = "roles/storage.objectViewer", member = module.function["transform"].member }
      "transform-curated"    = { bucket = "curated", role = "roles/storage.objectUser", member = module.function["transform"].member }
      "transform-quarantine" = { bucket = "quarantine", role = "roles/storage.objectUser", member = module.function["transform"].member }
      "load-curated"         = { bucket = "curated", role = "roles/storage.objectViewer", member = module.function["load"].member }
      "load-quarantine"      = { bucket = "quarantine", role = "roles/storage.objectUser", member = module.function["load"].member }
      "dead-letter-quar"     = { bucket = "quarantine", role = "roles/storage.objectUser", member = module.function["dead_letter"].member }
      # The PySpark job on the ephemeral cluster reads raw JSON and its own code, writes curated Parquet.
      "cluster-raw"     = { bucket = "raw", role = "roles/storage.objectViewer", member = module.dataproc.cluster_member }
      "cluster-curated" = { bucket = "curated", role = "roles/storage.objectUser", member = module.dataproc.cluster_member }
      "cluster-code"    = { bucket = "code", role = "roles/storage.objectViewer", member = module.dataproc.cluster_member }
    },
  )

  # Every stage writes its ledger row to ops; load writes raw/core/mart and reads meta.
  ledger_writers = merge(local.extract_members, {
    transform      = module.function["transform"].member
    load           = module.function["load"].member
    dead_letter    = module.function["dead_letter"].member
    sweep_clusters = module.function["sweep_clusters"].member
  })
  dataset_access = merge(
    { for name, member in local.ledger_writers : "${name}-ops" => { dataset = "ops", role = "roles/bigquery.dataEditor", member = member } },
    {
      "load-raw"  = { dataset = "raw", role = "roles/bigquery.dataEditor", member = module.function["load"].member }
      "load-core" = { dataset = "core", role = "roles/bigquery.dataEditor", member = module.function["load"].member }
      "load-mart" = { dataset = "mart", role = "roles/bigquery.dataEditor", member = module.function["load"].member }
      "load-meta" = { dataset = "meta", role = "roles/bigquery.dataViewer", member = module.function["load"].member }
      # The core models read the staging views (sql/staging/), which `pipeline migrate` creates.
      "load-staging" = { dataset = "staging", role = "roles/bigquery.dataViewer", member = module.function["load"].member }
    },
  )

  # Tables an extract reads back (e.g. senuri's fetch state: which details it already has).
  extract_table_reads = merge([for name, s in var.sources : {
    for t in s.reads : "${name}:${t}" => { member = local.extract_members[name], table = t }
  }]...)

  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

# The transform function claims a raw object's generation before it starts a cluster, by creating
# gs://<raw>/_claims/transform/<object>#<generation> create-only: it may create objects under
# _claims/ of the raw bucket and nothing else there (objectCreator cannot overwrite or delete).
resource "google_storage_bucket_iam_member" "transform_claims" {
  bucket = module.storage.names["raw"]
  role   = "roles/storage.objectCreator"
  member = module.function["transform"].member

  condition {
    title       = "transform-claims-only"
    description = "Create-only claim markers under _claims/"
    expression  = "resource.name.startsWith(\"projects/_/buckets/${module.storage.names["raw"]}/objects/_claims/\")"
  }
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

# --- the functions' build account ----------------------------------------------------------------
# Cloud Functions builds every function with Cloud Build. Projects created after mid-2024 no longer
# give the default Cloud Build / Compute Engine account the roles a build needs, so the builds run as
# this account (build_config.service_account) with only what a function build uses: write its logs,
# push the image to the gcf-artifacts repository (created by Cloud Functions at the first deploy,
# hence project-level), and read the source zip from the code bucket.
resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "fn-build"
  display_name = "Function builds"
  description  = "Cloud Build runs the functions' builds as this account."

  depends_on = [module.services]
}

resource "google_project_iam_member" "build" {
  for_each = toset(["roles/logging.logWriter", "roles/artifactregistry.writer"])

  project = var.project_id
  role    = each.value
  member  = google_service_account.build.member
}

resource "google_storage_bucket_iam_member" "build_source" {
  bucket = module.storage.names["code"]
  role   = "roles/storage.objectViewer"
  member = google_service_account.build.member
}

# Read access to single tables, for the extracts that read their own state back (var.sources[*].reads).
resource "google_bigquery_table_iam_member" "extract_reads" {
  for_each = local.extract_table_reads

  project    = var.project_id
  dataset_id = split(".", each.value.table)[0]
  table_id   = split(".", each.value.table)[1]
  role       = "roles/bigquery.dataViewer"
  member     = each.value.member

  depends_on = [module.warehouse]
}

# An extract whose time budget ran out continues its unit by publishing the keys it left unasked to
# its own topic (stages/extract.ts, MAX_CONTINUATIONS): each extract may publish to its topic only.
resource "google_pubsub_topic_iam_member" "extract_continues" {
  for_each = local.extract_members

  project = var.project_id
  topic   = module.source[each.key].topic_name
  role    = "roles/pubsub.publisher"
  member  = each.value
}
