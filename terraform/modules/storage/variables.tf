variable "project_id" {
  description = "Project that owns the buckets."
  type        = string
}

variable "location" {
  description = "Bucket location; a single region so storage triggers and Dataproc stay in it (e.g. asia-northeast3)."
  type        = string
}

variable "buckets" {
  description = <<-EOT
    Buckets by role (raw, curated, quarantine, code): the physical name, and lifecycle settings.
    colder_after_days moves objects to colder_class after that many days; expire_after_days deletes
    them (null = never).
  EOT
  type = map(object({
    name              = string
    colder_after_days = optional(number)
    colder_class      = optional(string, "NEARLINE")
    expire_after_days = optional(number)
    versioning        = optional(bool, false)
  }))

  validation {
    condition     = alltrue([for b in var.buckets : can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", b.name))])
    error_message = "Bucket names are 3-63 lowercase letters, digits, '-', '_' or '.'."
  }
  validation {
    condition     = alltrue([for b in var.buckets : contains(["NEARLINE", "COLDLINE", "ARCHIVE"], b.colder_class)])
    error_message = "colder_class must be NEARLINE, COLDLINE or ARCHIVE."
  }
  validation {
    condition = alltrue([for b in var.buckets : (
      (b.colder_after_days == null || try(b.colder_after_days >= 1, false)) &&
      (b.expire_after_days == null || try(b.expire_after_days >= 1, false))
    )])
    error_message = "colder_after_days and expire_after_days are whole days >= 1 (or null)."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy non-empty buckets (dev only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels put on every bucket."
  type        = map(string)
  default     = {}
}
