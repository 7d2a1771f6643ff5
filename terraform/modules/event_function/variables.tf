variable "project_id" {
  description = "Project the function runs in."
  type        = string
}

variable "region" {
  description = "Region of the function and of its Eventarc trigger (storage triggers need the bucket's region)."
  type        = string
}

variable "name" {
  description = "Function name (also its Cloud Run service name)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.name))
    error_message = "Function names are lowercase letters, digits and '-', 1-63 characters, starting with a letter."
  }
}

variable "service_account_id" {
  description = "account_id of the function's own service account (one per function)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{4,28}[a-z0-9])$", var.service_account_id))
    error_message = "Service account ids are 6-30 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "entry_point" {
  description = "Entry point registered with the Functions Framework (functions/entrypoints.ts)."
  type        = string
}

variable "description" {
  description = "What the function does."
  type        = string
  default     = ""
}

variable "source_archive" {
  description = "The zipped build output in the code bucket: bucket and object name."
  type = object({
    bucket = string
    object = string
  })
}

variable "build_service_account" {
  description = "Service account Cloud Build runs the function's build as, projects/<p>/serviceAccounts/<email> (needed on projects created after mid-2024)."
  type        = string

  validation {
    condition     = can(regex("^projects/[^/]+/serviceAccounts/[^/@]+@[^/]+$", var.build_service_account))
    error_message = "build_service_account is projects/<project>/serviceAccounts/<email>."
  }
}

variable "runtime" {
  description = "Functions runtime. nodejs20 was decommissioned on 2026-10-30; keep it the Node major of cloudbuild.yaml's _NODE_IMAGE."
  type        = string
  default     = "nodejs22"

  validation {
    condition     = can(regex("^nodejs[0-9]+$", var.runtime)) && !contains(["nodejs18", "nodejs20"], var.runtime)
    error_message = "runtime must be a supported Node.js runtime such as nodejs22 (nodejs18 and nodejs20 are decommissioned)."
  }
}

variable "memory_mb" {
  description = "Memory per instance, MiB."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 32768 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number between 128 and 32768."
  }
}

variable "cpu" {
  description = "vCPUs per instance, as Cloud Run accepts them (e.g. \"0.583\", \"1\", \"2\"); null = derived from memory."
  type        = string
  default     = null
}

variable "timeout_s" {
  description = "Request timeout, seconds. Event-driven gen2 functions allow at most 540."
  type        = number
  default     = 300

  validation {
    condition     = var.timeout_s >= 1 && var.timeout_s <= 540
    error_message = "timeout_s must be between 1 and 540 for event-driven functions."
  }
}

variable "max_instances" {
  description = "Upper bound on concurrent instances (protects the APIs we call and the bill)."
  type        = number
  default     = 3

  validation {
    condition     = var.max_instances >= 1 && var.max_instances <= 100
    error_message = "max_instances must be between 1 and 100."
  }
}

variable "environment" {
  description = "Plain environment variables (no secrets here)."
  type        = map(string)
  default     = {}
}

variable "secret_env" {
  description = "Secret environment variables: env var name => Secret Manager secret id. Only this function's service account is granted access to these secrets."
  type        = map(string)
  default     = {}
}

variable "trigger" {
  description = "Exactly one of: pubsub_topic (topic id, projects/p/topics/t) or storage_bucket (bucket name; object finalized events)."
  type = object({
    pubsub_topic   = optional(string)
    storage_bucket = optional(string)
  })

  validation {
    condition     = (var.trigger.pubsub_topic == null) != (var.trigger.storage_bucket == null)
    error_message = "Set exactly one of trigger.pubsub_topic and trigger.storage_bucket."
  }
}

variable "project_roles" {
  description = "Project-level roles for permissions that have no narrower resource (e.g. roles/bigquery.jobUser). Primitive roles are refused."
  type        = set(string)
  default     = []

  validation {
    condition     = length(setintersection(var.project_roles, ["roles/owner", "roles/editor", "roles/viewer"])) == 0
    error_message = "Primitive roles (owner, editor, viewer) are not allowed."
  }
}

variable "labels" {
  description = "Labels put on the function."
  type        = map(string)
  default     = {}
}
