# The whole platform for one environment: environments/<env> only configures a backend, a provider
# and these variables.

data "google_project" "this" {
  project_id = var.project_id
}

locals {
  scheduler_region  = coalesce(var.scheduler_region, var.region)
  bigquery_location = coalesce(var.bigquery_location, var.region)
  labels            = merge(var.labels, { app = "korea-data-pipeline" })

  # Secrets: the Slack webhook (every function alerts) and one API key per source that has one.
  slack_secret   = "slack-webhook-url"
  source_secrets = { for name, s in var.sources : name => lower(replace(s.secret_env, "_", "-")) if s.secret_env != null }
  secret_ids     = toset(concat([local.slack_secret], values(local.source_secrets)))
  # Referencing the module output makes every function wait until its secrets exist.
  slack_env = { SLACK_WEBHOOK_URL = module.secrets.ids[local.slack_secret] }

  # Content hash of the staged build: a change in any file gives a new object name and a redeploy.
  function_files = sort(fileset(var.function_source_dir, "**"))
  function_hash  = substr(sha256(join("\n", [for f in local.function_files : "${f} ${filesha256("${var.function_source_dir}/${f}")}"])), 0, 16)
  spark_files    = sort(fileset(var.spark_source_dir, "*.py"))
  spark_hash     = substr(sha256(join("\n", [for f in local.spark_files : "${f} ${filesha256("${var.spark_source_dir}/${f}")}"])), 0, 16)
  spark_prefix   = "spark/${local.spark_hash}"

  source_archive = {
    bucket = google_storage_bucket_object.functions.bucket
    object = google_storage_bucket_object.functions.name
  }

  # Configuration every function reads (functions/config.ts).
  common_env = {
    BUCKET_PREFIX     = var.bucket_prefix
    RAW_BUCKET        = module.storage.names["raw"]
    CURATED_BUCKET    = module.storage.names["curated"]
    QUARANTINE_BUCKET = module.storage.names["quarantine"]
    TOPIC_PREFIX      = "extract-"
    MAX_ATTEMPTS      = tostring(var.max_attempts)
    MAX_EVENT_AGE_S   = tostring(var.max_event_age_s)
    STUCK_AFTER_S     = tostring(var.stuck_after_s)
  }
  dataproc_env = {
    DATAPROC_REGION              = var.region
    DATAPROC_IMAGE_VERSION       = var.dataproc.image_version
    DATAPROC_SERVICE_ACCOUNT     = module.dataproc.cluster_service_account_email
    DATAPROC_MASTER_MACHINE_TYPE = var.dataproc.master_machine_type
    DATAPROC_WORKER_MACHINE_TYPE = var.dataproc.worker_machine_type
    DATAPROC_NUM_WORKERS         = tostring(var.dataproc.num_workers)
    DATAPROC_BOOT_DISK_GB        = tostring(var.dataproc.boot_disk_gb)
    DATAPROC_IDLE_DELETE_TTL_S   = tostring(var.dataproc.idle_delete_ttl_s)
    DATAPROC_AUTO_DELETE_TTL_S   = tostring(var.dataproc.auto_delete_ttl_s)
    DATAPROC_STAGING_BUCKET      = module.dataproc.staging_bucket
    DATAPROC_TEMP_BUCKET         = module.dataproc.temp_bucket
    DATAPROC_SUBNETWORK          = module.dataproc.subnetwork
    SPARK_CODE_URI               = "gs://${module.storage.names["code"]}/${local.spark_prefix}"
  }
  ledger_roles = ["roles/bigquery.jobUser"]
}

module "services" {
  source = "../project_services"

  project_id = var.project_id
  services = [
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "dataproc.googleapis.com",
    "eventarc.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
  ]
}

module "storage" {
  source = "../storage"

  project_id    = var.project_id
  location      = var.region
  force_destroy = var.force_destroy
  labels        = local.labels
  buckets = {
    raw        = { name = "${var.bucket_prefix}-raw", colder_after_days = var.raw_colder_after_days, colder_class = "NEARLINE" }
    curated    = { name = "${var.bucket_prefix}-curated" }
    quarantine = { name = "${var.bucket_prefix}-quarantine", expire_after_days = var.quarantine_expire_after_days }
    # No expiry: the live function zip and PySpark files keep their content-hash names for as long as
    # the code does not change, so an age rule would delete what production runs (a few MB per deploy).
    code = { name = "${var.bucket_prefix}-code" }
  }

  depends_on = [module.services]
}

module "secrets" {
  source = "../secrets"

  project_id = var.project_id
  secret_ids = local.secret_ids
  labels     = local.labels

  depends_on = [module.services]
}

# --- function source -------------------------------------------------------------------------

data "archive_file" "functions" {
  type        = "zip"
  source_dir  = var.function_source_dir
  output_path = "${var.function_source_dir}/../functions-${local.function_hash}.zip"
}

resource "google_storage_bucket_object" "functions" {
  bucket = module.storage.names["code"]
  name   = "functions/${local.function_hash}.zip"
  source = data.archive_file.functions.output_path
}

resource "google_storage_bucket_object" "spark" {
  for_each = toset(local.spark_files)

  bucket = module.storage.names["code"]
  name   = "${local.spark_prefix}/${each.value}"
  source = "${var.spark_source_dir}/${each.value}"
}

# --- sources: a topic each, and a schedule unless on demand (extract functions: local.functions) --

module "source" {
  source   = "../pipeline_source"
  for_each = var.sources

  project_id       = var.project_id
  scheduler_region = local.scheduler_region
  source_name      = each.key
  schedule         = each.value.schedule
  paused           = each.value.paused
  publishers       = var.backfill_publishers
  labels           = local.labels
}


# Messages the triggers' subscriptions gave up on (dead-letter policy set by
# scripts/terraform-dead-letter.sh) land here; the dead_letter function files and alerts them.
resource "google_pubsub_topic" "dead_letter" {
  project                    = var.project_id
  name                       = "dead-letter"
  message_retention_duration = "604800s"
  labels                     = local.labels

  depends_on = [module.services]
}

resource "google_pubsub_topic" "maintenance" {
  project                    = var.project_id
  name                       = "maintenance"
  message_retention_duration = "3600s"
  labels                     = local.labels

  depends_on = [module.services]
}

resource "google_cloud_scheduler_job" "sweep_clusters" {
  project     = var.project_id
  region      = local.scheduler_region
  name        = "sweep-clusters"
  description = "Delete ephemeral Dataproc clusters that outlived their TTL"
  schedule    = var.sweep_schedule
  time_zone   = "Asia/Seoul"

  pubsub_target {
    topic_name = google_pubsub_topic.maintenance.id
    data       = base64encode("{}")
    attributes = { job = "sweep_clusters" }
  }
}

# --- every function: one module instance per entry of a function map ---------------------------

locals {
  # Extract, one per source: triggered by its source's topic; reads its own API key, if any.
  extract_functions = {
    for name, s in var.sources : "extract:${name}" => {
      entry_point        = "extract"
      function_name      = "${var.name_prefix}-extract-${replace(name, "_", "-")}"
      service_account_id = substr("fn-extract-${replace(name, "_", "-")}", 0, 30)
      description        = "Extract ${name}: scheduled or backfill message -> raw object"
      memory_mb          = s.memory_mb
      timeout_s          = s.timeout_s
      max_instances      = s.max_instances
      environment        = merge(local.common_env, { SOURCE = name })
      secret_env = merge(
        local.slack_env,
        s.secret_env == null ? {} : { (s.secret_env) = module.secrets.ids[local.source_secrets[name]] },
      )
      trigger = { pubsub_topic = module.source[name].topic_id, storage_bucket = null }
      labels  = { source = replace(name, "_", "-") }
    }
  }

  # The shared stages, keyed by entry point (var.functions sizes them).
  shared_functions = {
    transform = {
      entry_point        = "transform"
      function_name      = "${var.name_prefix}-transform"
      service_account_id = "fn-transform"
      description        = "Raw object finalized -> curated rows, or an ephemeral Dataproc run"
      memory_mb          = var.functions["transform"].memory_mb
      timeout_s          = var.functions["transform"].timeout_s
      max_instances      = var.functions["transform"].max_instances
      environment        = merge(local.common_env, local.dataproc_env)
      secret_env         = local.slack_env
      trigger            = { pubsub_topic = null, storage_bucket = module.storage.names["raw"] }
      labels             = {}
    }
    load = {
      entry_point        = "load"
      function_name      = "${var.name_prefix}-load"
      service_account_id = "fn-load"
      description        = "Curated object (or _SUCCESS) finalized -> BigQuery raw/core, marts, checks"
      memory_mb          = var.functions["load"].memory_mb
      timeout_s          = var.functions["load"].timeout_s
      max_instances      = var.functions["load"].max_instances
      environment        = local.common_env
      secret_env         = local.slack_env
      trigger            = { pubsub_topic = null, storage_bucket = module.storage.names["curated"] }
      labels             = {}
    }
    dead_letter = {
      entry_point        = "dead_letter"
      function_name      = "${var.name_prefix}-dead-letter"
      service_account_id = "fn-dead-letter"
      description        = "Event that exhausted its retries -> dead-letter object + one alert"
      memory_mb          = var.functions["dead_letter"].memory_mb
      timeout_s          = var.functions["dead_letter"].timeout_s
      max_instances      = var.functions["dead_letter"].max_instances
      environment        = local.common_env
      secret_env         = local.slack_env
      trigger            = { pubsub_topic = google_pubsub_topic.dead_letter.id, storage_bucket = null }
      labels             = {}
    }
    sweep_clusters = {
      entry_point        = "sweep_clusters"
      function_name      = "${var.name_prefix}-sweep-clusters"
      service_account_id = "fn-sweep-clusters"
      description        = "Scheduled: delete ephemeral clusters that outlived their TTL, alert once"
      memory_mb          = var.functions["sweep_clusters"].memory_mb
      timeout_s          = var.functions["sweep_clusters"].timeout_s
      max_instances      = var.functions["sweep_clusters"].max_instances
      environment        = merge(local.common_env, local.dataproc_env)
      secret_env         = local.slack_env
      trigger            = { pubsub_topic = google_pubsub_topic.maintenance.id, storage_bucket = null }
      labels             = {}
    }
  }

  functions = merge(local.extract_functions, local.shared_functions)
}

module "function" {
  source   = "../event_function"
  for_each = local.functions

  project_id            = var.project_id
  region                = var.region
  name                  = each.value.function_name
  service_account_id    = each.value.service_account_id
  entry_point           = each.value.entry_point
  description           = each.value.description
  source_archive        = local.source_archive
  build_service_account = google_service_account.build.id
  memory_mb             = each.value.memory_mb
  timeout_s             = each.value.timeout_s
  max_instances         = each.value.max_instances
  environment           = each.value.environment
  secret_env            = each.value.secret_env
  project_roles         = local.ledger_roles
  labels                = merge(local.labels, each.value.labels)
  trigger               = each.value.trigger

  # Storage triggers need the Cloud Storage agent's publisher grant; every build needs the build
  # account's grants before the first build starts.
  depends_on = [
    google_project_iam_member.gcs_publishes_events,
    google_project_iam_member.build,
    google_storage_bucket_iam_member.build_source,
  ]
}


# --- warehouse, Dataproc, alerting -------------------------------------------------------------

module "warehouse" {
  source = "../warehouse"

  project_id          = var.project_id
  location            = local.bigquery_location
  deletion_protection = !var.force_destroy
  labels              = local.labels
  access              = local.dataset_access

  depends_on = [module.services]
}

module "dataproc" {
  source = "../dataproc"

  project_id       = var.project_id
  region           = var.region
  bucket_prefix    = var.bucket_prefix
  force_destroy    = var.force_destroy
  labels           = local.labels
  launcher_members = { transform = module.function["transform"].member }
  sweeper_members  = { sweep_clusters = module.function["sweep_clusters"].member }

  depends_on = [module.services]
}

module "alerting" {
  source = "../alerting"

  project_id               = var.project_id
  function_name_prefix     = "${var.name_prefix}-"
  slack_channel            = var.slack_channel
  slack_auth_token         = var.slack_auth_token
  notification_channel_ids = var.notification_channel_ids
  sweeper_email            = module.function["sweep_clusters"].service_account_email
  max_silence_s            = { for name, s in var.sources : name => s.max_silence_s if s.max_silence_s != null }

  depends_on = [module.services]
}
