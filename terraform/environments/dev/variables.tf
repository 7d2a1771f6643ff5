variable "project_id" {
  description = "Google Cloud project to deploy into."
  type        = string
}

variable "region" {
  description = "Region for functions, buckets, triggers and Dataproc."
  type        = string
  default     = "asia-northeast3"
}

variable "bucket_prefix" {
  description = "Prefix of bucket names; null = the project id."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Prefix of function names."
  type        = string
  default     = "kdp"
}

# One entry per source in functions/sources/registry.ts; test/infra checks they agree.
# A source without `schedule` is on demand (keyed): topic and extract function, run by backfills.
variable "sources" {
  description = "Sources to collect: schedule (cron, Asia/Seoul), secret_env, size and alerting; see modules/platform."
  type = map(object({
    schedule      = optional(string)
    secret_env    = optional(string)
    memory_mb     = optional(number, 512)
    timeout_s     = optional(number, 540)
    max_instances = optional(number, 2)
    max_silence_s = optional(number)
    paused        = optional(bool, false)
    reads         = optional(list(string), [])
  }))
  default = {
    saramin = {
      schedule      = "5 * * * *"
      secret_env    = "SARAMIN_ACCESS_KEY"
      max_silence_s = 10800
    }
    # Business days only: a weekend gap is longer than Monitoring's 23.5 h absence window, so the
    # "no data" alert for stock comes from the code's reconciliation, not from Monitoring.
    stock = {
      schedule   = "30 13 * * 1-5"
      secret_env = "DATA_GO_KR_SERVICE_KEY"
      memory_mb  = 1024
    }
    # Keyed, on demand: `pipeline backfill --source certs --target gcp` publishes one message per key.
    certs = {
      secret_env = "DATA_GO_KR_SERVICE_KEY"
    }
    # The previous KST day's 100세누리 postings, at 07:00 (list + a detail call per new posting).
    # Daily: Monitoring's absence window (at most 23.5 h) cannot watch it, as for stock.
    # It reads back which details it already has (core.senuri_job_details), so unchanged postings
    # are not asked again.
    senuri = {
      schedule   = "0 7 * * *"
      secret_env = "DATA_GO_KR_SERVICE_KEY"
      reads      = ["core.senuri_job_details"]
    }
    # Yearly files of the senior job programme projects, on demand (one unit per year).
    senior_projects = {
      secret_env = "DATA_GO_KR_SERVICE_KEY"
    }
    # Google Trends, the previous day at 09:30 KST, keyless (the unofficial flow). For the official
    # API add `secret_env = "TRENDS_API_KEY"` once the secret trends-api-key has a version (a
    # function cannot deploy with a secret that has none).
    trends = {
      schedule = "30 9 * * *"
    }
    # 121 places per 20-minute snapshot: note the daily quota warning in the README.
    seoul_population = {
      schedule      = "*/20 * * * *"
      secret_env    = "SEOUL_OPEN_API_KEY"
      max_silence_s = 3600
    }
  }
}

variable "slack_channel" {
  description = "Slack channel for Cloud Monitoring alerts (e.g. #data-alerts); null = none."
  type        = string
  default     = null
}

variable "slack_auth_token" {
  description = "OAuth token of Cloud Monitoring's Slack app; set TF_VAR_slack_auth_token, never a file."
  type        = string
  default     = null
  sensitive   = true
}

variable "notification_channel_ids" {
  description = "Existing Monitoring notification channels to notify as well."
  type        = list(string)
  default     = []
}

variable "force_destroy" {
  description = "Allow destroying non-empty buckets and tables (throwaway dev projects only)."
  type        = bool
  default     = false
}

variable "backfill_publishers" {
  description = "IAM members allowed to run backfills (publish to the extract topics), e.g. [\"group:data-eng@example.com\"]."
  type        = list(string)
  default     = []
}
