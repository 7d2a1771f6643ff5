# One source = one topic, and the schedule publishing to it when the source has one. Its extract
# function subscribes to the topic; it is one entry of the platform's function map (modules/platform,
# module "function"). A scheduled message carries no time (the slot comes from its publish time) and
# an empty JSON body; backfills publish to the same topic with an explicit slot or key. An on-demand
# source (keyed: certs, senior_projects) has no schedule: only backfills publish, as the accounts
# in var.publishers.

resource "google_pubsub_topic" "main" {
  project                    = var.project_id
  name                       = "${var.topic_prefix}${var.source_name}"
  message_retention_duration = "86400s"
  labels                     = merge(var.labels, { source = replace(var.source_name, "_", "-") })
}

resource "google_cloud_scheduler_job" "main" {
  count = var.schedule == null ? 0 : 1

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

# Who may run backfills (`pipeline backfill --target gcp`) by publishing to this topic directly.
resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = toset(var.publishers)

  project = var.project_id
  topic   = google_pubsub_topic.main.name
  role    = "roles/pubsub.publisher"
  member  = each.value
}
