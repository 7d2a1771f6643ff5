variable "project_id" {
  description = "Project the source's resources live in."
  type        = string
}

variable "scheduler_region" {
  description = "Region of the Cloud Scheduler job."
  type        = string
}

variable "source_name" {
  description = "Source name as functions/sources/registry.ts spells it (e.g. saramin, seoul_population)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{1,24}$", var.source_name))
    error_message = "source_name is 2-25 lowercase letters, digits or '_', starting with a letter."
  }
}

variable "topic_prefix" {
  description = "The extract topic is <topic_prefix><source_name>; the code's TOPIC_PREFIX must agree."
  type        = string
  default     = "extract-"
}

variable "schedule" {
  description = "Cloud Scheduler cron, evaluated in Asia/Seoul (must match the registry's schedule.cron); null = on demand (no scheduler job, backfills only)."
  type        = string
  default     = null

  validation {
    condition     = var.schedule == null || length(split(" ", trimspace(coalesce(var.schedule, "-")))) == 5
    error_message = "schedule is a five-field cron expression, or null for an on-demand source."
  }
}

variable "publishers" {
  description = "IAM members (user:, group:, serviceAccount:) allowed to publish backfill messages to the topic."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for m in var.publishers : can(regex("^(user|group|serviceAccount|domain):", m))])
    error_message = "publishers are IAM members such as group:data-eng@example.com."
  }
}

variable "paused" {
  description = "Pause the schedule (backfills still work: they publish to the topic directly)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels put on the topic."
  type        = map(string)
  default     = {}
}
