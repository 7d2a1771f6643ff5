# One gen2 function with its own service account, Eventarc trigger and secrets.
# The function's service account is also the trigger's identity, so nothing runs as the Compute
# Engine default account.

resource "google_service_account" "main" {
  project      = var.project_id
  account_id   = var.service_account_id
  display_name = "Function ${var.name}"
  description  = "Runs ${var.name} (entry point ${var.entry_point}) and receives its events."
}

# Per-secret grant, on the secret itself: only the functions that read a secret can access it.
resource "google_secret_manager_secret_iam_member" "main" {
  for_each = var.secret_env

  project   = var.project_id
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.main.member
}

resource "google_project_iam_member" "main" {
  for_each = setunion(var.project_roles, ["roles/eventarc.eventReceiver"])

  project = var.project_id
  role    = each.value
  member  = google_service_account.main.member
}

resource "google_cloudfunctions2_function" "main" {
  project     = var.project_id
  location    = var.region
  name        = var.name
  description = var.description
  labels      = merge(var.labels, { entry-point = replace(var.entry_point, "_", "-") })

  build_config {
    runtime         = var.runtime
    entry_point     = var.entry_point
    service_account = var.build_service_account
    # The archive holds compiled JavaScript: do not let the buildpack run package.json build scripts.
    environment_variables = { GOOGLE_NODE_RUN_SCRIPTS = "" }
    source {
      storage_source {
        bucket = var.source_archive.bucket
        object = var.source_archive.object
      }
    }
  }

  service_config {
    available_memory                 = "${var.memory_mb}Mi"
    available_cpu                    = var.cpu
    timeout_seconds                  = var.timeout_s
    min_instance_count               = 0
    max_instance_count               = var.max_instances
    max_instance_request_concurrency = 1
    ingress_settings                 = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.main.email
    environment_variables            = merge(var.environment, { GOOGLE_CLOUD_PROJECT = var.project_id })

    dynamic "secret_environment_variables" {
      for_each = var.secret_env
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = var.trigger.pubsub_topic != null ? "google.cloud.pubsub.topic.v1.messagePublished" : "google.cloud.storage.object.v1.finalized"
    pubsub_topic          = var.trigger.pubsub_topic
    service_account_email = google_service_account.main.email
    # Throw = retry (with Pub/Sub's exponential backoff, 10 s to 600 s). Eventarc bounds retries only
    # by the subscription's 24 h retention; the code stops earlier (MAX_ATTEMPTS, MAX_EVENT_AGE_S),
    # and scripts/terraform-dead-letter.sh adds a dead-letter policy to the trigger's subscription.
    retry_policy = "RETRY_POLICY_RETRY"

    dynamic "event_filters" {
      for_each = var.trigger.storage_bucket == null ? [] : [var.trigger.storage_bucket]
      content {
        attribute = "bucket"
        value     = event_filters.value
      }
    }
  }

  # The first revision must already be able to read its secrets and receive events.
  depends_on = [google_secret_manager_secret_iam_member.main, google_project_iam_member.main]
}

# Eventarc pushes to the function's Cloud Run service as the trigger's service account.
resource "google_cloud_run_v2_service_iam_member" "main" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.main.name
  role     = "roles/run.invoker"
  member   = google_service_account.main.member
}
