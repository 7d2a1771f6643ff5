output "notification_channels" {
  description = "Channels every pipeline alert policy notifies."
  value       = local.channels
}

output "log_metrics" {
  description = "Log-based metric names."
  value = [
    google_logging_metric.failures.name,
    google_logging_metric.dead_letters.name,
    google_logging_metric.loads.name,
    google_logging_metric.orphan_clusters.name,
  ]
}
