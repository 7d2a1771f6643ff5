variable "project_id" {
  description = "Project the source's resources live in."
  type        = string
}

variable "region" {
  description = "Region of the extract function and its trigger."
  type        = string
}

variable "scheduler_region" {
  description = "Region of the Cloud Scheduler job."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of function names (e.g. \"kdp\" -> kdp-extract-saramin)."
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
  description = "Cloud Scheduler cron, evaluated in Asia/Seoul (must match the registry's schedule.cron)."
  type        = string

  validation {
    condition     = length(split(" ", trimspace(var.schedule))) == 5
    error_message = "schedule is a five-field cron expression."
  }
}

variable "paused" {
  description = "Pause the schedule (backfills still work: they publish to the topic directly)."
  type        = bool
  default     = false
}

variable "secret_env" {
  description = "Secret environment variables of the extract function: env var name => secret id (the source's API key and the Slack webhook)."
  type        = map(string)
  default     = {}
}

variable "environment" {
  description = "Plain environment variables shared by every function (buckets, limits); SOURCE is added here."
  type        = map(string)
  default     = {}
}

variable "source_archive" {
  description = "The zipped build output in the code bucket."
  type = object({
    bucket = string
    object = string
  })
}

variable "memory_mb" {
  description = "Extract function memory, MiB."
  type        = number
  default     = 512
}

variable "timeout_s" {
  description = "Extract function timeout, seconds (data.go.kr answers in 9-30 s per page)."
  type        = number
  default     = 540
}

variable "max_instances" {
  description = "Extract function max instances (bounds load on the source API)."
  type        = number
  default     = 2
}

variable "project_roles" {
  description = "Project-level roles of the extract function (e.g. roles/bigquery.jobUser for the ledger)."
  type        = set(string)
  default     = []
}

variable "labels" {
  description = "Labels put on the topic and the function."
  type        = map(string)
  default     = {}
}
