# One source = one topic, one schedule publishing to it, one extract function subscribed to it.
# A scheduled message carries no time (the slot comes from its publish time) and an empty JSON
# body; backfills publish to the same topic with an explicit slot.

resource "google_pubsub_topic" "main" {
  project                    = var.project_id
  name                       = "${var.topic_prefix}${var.source_name}"
  message_retention_duration = "86400s"
  labels                     = merge(var.labels, { source = replace(var.source_name, "_", "-") })
}

resource "google_cloud_scheduler_job" "main" {
  project     = var.project_id
  region      = var.scheduler_region
  name        = "extract-${replace(var.source_name, "_", "-")}"
  description = "Scheduled extract of ${var.source_name}"
  schedule    = var.schedule
  time_zone   = "Asia/Seoul"
  paused      = var.paused

  pubsub_target {
    topic_name = google_pubsub_topic.main.id
    data       = base64encode("{}")
    attributes = { source = var.source_name }
  }
}

module "function" {
  source = "../event_function"

  project_id         = var.project_id
  region             = var.region
  name               = "${var.name_prefix}-extract-${replace(var.source_name, "_", "-")}"
  service_account_id = substr("fn-extract-${replace(var.source_name, "_", "-")}", 0, 30)
  entry_point        = "extract"
  description        = "Extract ${var.source_name}: scheduled or backfill message -> raw object"
  source_archive     = var.source_archive
  memory_mb          = var.memory_mb
  timeout_s          = var.timeout_s
  max_instances      = var.max_instances
  environment        = merge(var.environment, { SOURCE = var.source_name })
  secret_env         = var.secret_env
  project_roles      = var.project_roles
  labels             = merge(var.labels, { source = replace(var.source_name, "_", "-") })
  trigger            = { pubsub_topic = google_pubsub_topic.main.id }
}
