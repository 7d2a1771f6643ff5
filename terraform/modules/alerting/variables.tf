variable "project_id" {
  description = "Project whose logs and metrics are watched."
  type        = string
}

variable "function_name_prefix" {
  description = "Every pipeline function's name starts with this (e.g. \"kdp-\"); log filters match on it."
  type        = string
}

variable "slack_channel" {
  description = "Slack channel (e.g. #data-alerts) for Cloud Monitoring's own Slack notification channel; null = none."
  type        = string
  default     = null
}

variable "slack_auth_token" {
  description = "OAuth token of Google Cloud Monitoring's Slack app for slack_channel. Pass it as TF_VAR_slack_auth_token (Cloud Build reads it from Secret Manager); never commit it."
  type        = string
  default     = null
  sensitive   = true
}

variable "notification_channel_ids" {
  description = "Existing notification channels (projects/p/notificationChannels/n), e.g. a Slack channel connected in the console or an e-mail fallback."
  type        = list(string)
  default     = []
}

variable "max_silence_s" {
  description = "Per source: alert when no load succeeded for this many seconds (\"no data arrived\"). Cloud Monitoring allows 120 to 84600 (23.5 h)."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for s in values(var.max_silence_s) : s >= 120 && s <= 84600])
    error_message = "max_silence_s values must be between 120 and 84600 seconds."
  }
}

variable "sweeper_email" {
  description = "Service account of sweep_clusters: a cluster it deletes was an orphan."
  type        = string
}

variable "runbook_base_url" {
  description = "Base URL of docs/runbooks/ (linked from every alert)."
  type        = string
  default     = "docs/runbooks"
}

variable "metric_propagation_wait" {
  description = "How long alert policies wait after their log-based metrics are created (Monitoring answers 404 until they propagate)."
  type        = string
  default     = "90s"

  validation {
    condition     = can(regex("^[0-9]+[sm]$", var.metric_propagation_wait))
    error_message = "metric_propagation_wait is a duration such as 90s or 2m."
  }
}
