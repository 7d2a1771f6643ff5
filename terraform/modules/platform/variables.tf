variable "project_id" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of functions, buckets, triggers and Dataproc clusters."
  type        = string
  default     = "asia-northeast3"
}

variable "scheduler_region" {
  description = "Region of the Cloud Scheduler jobs; null = region."
  type        = string
  default     = null
}

variable "bigquery_location" {
  description = "BigQuery location of the datasets; null = region."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Prefix of function names (<prefix>-extract-saramin, <prefix>-load, ...)."
  type        = string
  default     = "kdp"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}$", var.name_prefix))
    error_message = "name_prefix is 2-15 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "bucket_prefix" {
  description = "Prefix of bucket names (<prefix>-raw, -curated, -quarantine, -code, -dataproc-staging, -dataproc-temp); bucket names are global, so usually the project id."
  type        = string
}

variable "sources" {
  description = <<-EOT
    Sources to collect, keyed by the name in functions/sources/registry.ts. Adding a source is one entry:
      schedule      Cloud Scheduler cron in Asia/Seoul (same as the registry's schedule.cron); omitted
                    for an on-demand (keyed) source: topic and extract function only, run by backfills
      secret_env    env var carrying its API key (a secret with the id lower-kebab(secret_env)); null = no key
      memory_mb, timeout_s, max_instances   extract function size
      max_silence_s alert when nothing was loaded for this long (120-84600 s); null = no such alert
      paused        create the schedule paused
      reads         tables ("dataset.table") the extract reads back, e.g. its fetch state: read access to those only
  EOT
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

  validation {
    condition     = alltrue(flatten([for s in values(var.sources) : [for t in s.reads : can(regex("^[a-z_]+\\.[a-z0-9_]+$", t))]]))
    error_message = "reads lists tables as dataset.table."
  }
  validation {
    condition     = alltrue([for name in keys(var.sources) : can(regex("^[a-z][a-z0-9_]{1,24}$", name))])
    error_message = "Source names are 2-25 lowercase letters, digits or '_'."
  }
  validation {
    condition     = alltrue([for s in values(var.sources) : s.secret_env == null || can(regex("^[A-Z][A-Z0-9_]*$", s.secret_env))])
    error_message = "secret_env is an UPPER_SNAKE environment variable name."
  }
}

variable "backfill_publishers" {
  description = "IAM members allowed to publish backfill messages to every extract topic (the people or CI accounts that run `pipeline backfill --target gcp`); on-demand sources are run only this way."
  type        = list(string)
  default     = []
}

variable "functions" {
  description = "Size of the shared functions, by entry point (transform, load, dead_letter, sweep_clusters)."
  type = map(object({
    memory_mb     = optional(number, 512)
    timeout_s     = optional(number, 540)
    max_instances = optional(number, 3)
  }))
  default = {
    transform      = { memory_mb = 1024, timeout_s = 540, max_instances = 5 }
    load           = { memory_mb = 512, timeout_s = 540, max_instances = 5 }
    dead_letter    = { memory_mb = 256, timeout_s = 120, max_instances = 1 }
    sweep_clusters = { memory_mb = 256, timeout_s = 300, max_instances = 1 }
  }

  validation {
    condition     = length(setsubtract(["transform", "load", "dead_letter", "sweep_clusters"], keys(var.functions))) == 0
    error_message = "functions must size transform, load, dead_letter and sweep_clusters."
  }
}

variable "function_source_dir" {
  description = "Staged build output to deploy (dist/, sql/, package.json, package-lock.json), made by scripts/terraform-stage-functions.sh."
  type        = string
}

variable "spark_source_dir" {
  description = "Folder of the PySpark jobs (functions/spark); its *.py files are uploaded to the code bucket."
  type        = string
}

variable "sweep_schedule" {
  description = "Cron (Asia/Seoul) of the orphan-cluster sweep."
  type        = string
  default     = "*/30 * * * *"
}

variable "max_attempts" {
  description = "Delivery attempts before the code dead-letters a transient failure (MAX_ATTEMPTS), and the max delivery attempts of the triggers' subscriptions (5-100)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_attempts >= 5 && var.max_attempts <= 100
    error_message = "max_attempts must be between 5 and 100 (Pub/Sub dead-letter policy bounds)."
  }
}

variable "stuck_after_s" {
  description = "A unit still submitted (a Spark run that never wrote _SUCCESS) or retrying this long after its last ledger row is alerted by the sweep as stuck (STUCK_AFTER_S)."
  type        = number
  default     = 10800

  validation {
    condition     = var.stuck_after_s >= 600
    error_message = "stuck_after_s must be at least 600."
  }
}

variable "max_event_age_s" {
  description = "Events older than this are dead-lettered instead of retried (MAX_EVENT_AGE_S); gen2 retries otherwise last up to 24 h."
  type        = number
  default     = 21600

  validation {
    condition     = var.max_event_age_s >= 60 && var.max_event_age_s <= 86400
    error_message = "max_event_age_s must be between 60 and 86400."
  }
}

variable "raw_colder_after_days" {
  description = "Raw objects move to NEARLINE after this many days."
  type        = number
  default     = 30
}

variable "quarantine_expire_after_days" {
  description = "Quarantined and dead-letter objects are deleted after this many days."
  type        = number
  default     = 90
}

variable "dataproc" {
  description = "Ephemeral cluster shape, passed to the transform and sweep functions (DATAPROC_* variables)."
  type = object({
    image_version       = optional(string, "2.2-debian12")
    master_machine_type = optional(string, "n2-standard-2")
    worker_machine_type = optional(string, "n2-standard-2")
    num_workers         = optional(number, 2)
    boot_disk_gb        = optional(number, 50)
    idle_delete_ttl_s   = optional(number, 600)
    auto_delete_ttl_s   = optional(number, 3600)
  })
  default = {}

  validation {
    condition     = var.dataproc.num_workers == 0 || var.dataproc.num_workers >= 2
    error_message = "num_workers is 0 (single node) or at least 2."
  }
  validation {
    condition     = var.dataproc.idle_delete_ttl_s >= 600 && var.dataproc.auto_delete_ttl_s >= 600
    error_message = "Dataproc TTLs are at least 600 s."
  }
}

variable "slack_channel" {
  description = "Slack channel for Cloud Monitoring alerts (e.g. #data-alerts); null = no Monitoring Slack channel."
  type        = string
  default     = null
}

variable "slack_auth_token" {
  description = "OAuth token of Cloud Monitoring's Slack app (TF_VAR_slack_auth_token); required when slack_channel is set."
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
  description = "Allow destroying non-empty buckets and tables (throwaway environments only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels put on every labelled resource."
  type        = map(string)
  default     = {}
}
