# Cloud Monitoring backstops the code's own Slack alerts (one per failed run, dead letter, recovery):
# it also sees what the code cannot report itself (crashes, OOM, timeouts, a schedule that stopped,
# clusters the sweep had to delete). Policies notify Cloud Monitoring's Slack channel type, which
# needs the Slack app's OAuth token (docs/deploy.md), plus any existing channels passed in.

locals {
  run_filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=~\"^${var.function_name_prefix}\""
  channels = concat(
    [for c in google_monitoring_notification_channel.slack : c.id],
    var.notification_channel_ids,
  )
}

resource "google_monitoring_notification_channel" "slack" {
  count = var.slack_channel == null ? 0 : 1

  project      = var.project_id
  display_name = "Slack ${var.slack_channel}"
  type         = "slack"
  labels       = { channel_name = var.slack_channel }

  sensitive_labels {
    auth_token = var.slack_auth_token
  }

  lifecycle {
    precondition {
      condition     = var.slack_auth_token != null
      error_message = "slack_channel is set but slack_auth_token is not (export TF_VAR_slack_auth_token)."
    }
  }
}

# Failed after the last retry (the code logs status "failed"), or anything at ERROR and above,
# which includes crashes and timeouts the code never saw.
resource "google_logging_metric" "failures" {
  project = var.project_id
  name    = "pipeline/failures"
  filter  = "${local.run_filter} AND (jsonPayload.status=\"failed\" OR severity>=ERROR)"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    labels {
      key        = "source"
      value_type = "STRING"
    }
    labels {
      key        = "stage"
      value_type = "STRING"
    }
  }
  label_extractors = {
    source = "EXTRACT(labels.source)"
    stage  = "EXTRACT(labels.stage)"
  }
}

# Dead letters: the dead_letter function's entries, and any run whose object is a dead-letter file.
resource "google_logging_metric" "dead_letters" {
  project = var.project_id
  name    = "pipeline/dead_letters"
  filter  = "${local.run_filter} AND (labels.stage=\"dead_letter\" OR jsonPayload.object=~\"^gs://[^/]+/dead-letter/\")"

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    labels {
      key        = "source"
      value_type = "STRING"
    }
  }
  label_extractors = {
    source = "EXTRACT(labels.source)"
  }
}

# Successful loads per source; its absence is "no data arrived".
resource "google_logging_metric" "loads" {
  project = var.project_id
  name    = "pipeline/loads"
  filter  = "${local.run_filter} AND labels.stage=\"load\" AND jsonPayload.status=\"succeeded\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    labels {
      key        = "source"
      value_type = "STRING"
    }
  }
  label_extractors = {
    source = "EXTRACT(labels.source)"
  }
}

# Orphan clusters: every cluster deletion by the sweeper (Admin Activity audit log, always on).
resource "google_logging_metric" "orphan_clusters" {
  project = var.project_id
  name    = "pipeline/orphan_clusters"
  filter  = "resource.type=\"cloud_dataproc_cluster\" AND protoPayload.methodName=\"google.cloud.dataproc.v1.ClusterController.DeleteCluster\" AND protoPayload.authenticationInfo.principalEmail=\"${var.sweeper_email}\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
  }
}

# A new log-based metric is not usable by Cloud Monitoring at once: an alert policy created right
# after it fails with 404 ("metric ... not found") on the first apply. Policies wait for this sleep,
# which starts once every metric exists and runs again whenever a metric is re-created.
resource "time_sleep" "metrics_propagate" {
  create_duration = var.metric_propagation_wait

  triggers = {
    metrics = join(",", [
      google_logging_metric.failures.id,
      google_logging_metric.dead_letters.id,
      google_logging_metric.loads.id,
      google_logging_metric.orphan_clusters.id,
    ])
  }
}

resource "google_monitoring_alert_policy" "failures" {
  project               = var.project_id
  display_name          = "Pipeline: function failed after retries"
  combiner              = "OR"
  notification_channels = local.channels
  depends_on            = [time_sleep.metrics_propagate]

  conditions {
    display_name = "failed runs or ERROR log entries"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.failures.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.source", "metric.label.stage"]
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    content   = "A pipeline function failed after its last retry, crashed or timed out. Runbook: ${var.runbook_base_url}/function-failed.md. Logs: ${local.run_filter} AND severity>=ERROR"
    mime_type = "text/markdown"
  }
}

resource "google_monitoring_alert_policy" "dead_letters" {
  project               = var.project_id
  display_name          = "Pipeline: event dead-lettered"
  combiner              = "OR"
  notification_channels = local.channels
  depends_on            = [time_sleep.metrics_propagate]

  conditions {
    display_name = "dead letters"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.dead_letters.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.source"]
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    content   = "An event exhausted its retries and was written under dead-letter/ in the quarantine bucket. Replay it with `pipeline replay --dead-letter <name>`. Runbook: ${var.runbook_base_url}/dead-letter.md"
    mime_type = "text/markdown"
  }
}

resource "google_monitoring_alert_policy" "no_data" {
  for_each = var.max_silence_s

  project               = var.project_id
  display_name          = "Pipeline: no data from ${each.key}"
  combiner              = "OR"
  notification_channels = local.channels
  depends_on            = [time_sleep.metrics_propagate]

  conditions {
    display_name = "no successful load of ${each.key} for ${each.value} s"
    condition_absent {
      filter   = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.loads.name}\" AND resource.type=\"cloud_run_revision\" AND metric.label.source=\"${each.key}\""
      duration = "${each.value}s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["metric.label.source"]
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    content   = "No slot of ${each.key} was loaded for ${each.value} s: the schedule, the API or a stage is stuck. Runbook: ${var.runbook_base_url}/no-data.md"
    mime_type = "text/markdown"
  }
}

resource "google_monitoring_alert_policy" "orphan_clusters" {
  project               = var.project_id
  display_name          = "Pipeline: orphan Dataproc cluster deleted"
  combiner              = "OR"
  notification_channels = local.channels
  depends_on            = [time_sleep.metrics_propagate]

  conditions {
    display_name = "clusters deleted by the sweeper"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.orphan_clusters.name}\" AND resource.type=\"cloud_dataproc_cluster\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "600s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    content   = "sweep_clusters deleted a Dataproc cluster that outlived its run: a launcher died or a workflow did not clean up. Runbook: ${var.runbook_base_url}/orphan-cluster.md"
    mime_type = "text/markdown"
  }
}
