variable "project_id" {
  description = "Project the ephemeral clusters run in."
  type        = string
}

variable "region" {
  description = "Dataproc region (clusters are created per run by the transform function, in this region)."
  type        = string
}

variable "bucket_prefix" {
  description = "Prefix of the staging and temp bucket names (<prefix>-dataproc-staging, <prefix>-dataproc-temp)."
  type        = string
}

variable "temp_expire_after_days" {
  description = "Days after which objects in the temp bucket are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.temp_expire_after_days >= 1
    error_message = "temp_expire_after_days must be >= 1."
  }
}

variable "staging_expire_after_days" {
  description = "Days after which job staging files (driver output, job dependencies) are deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.staging_expire_after_days >= 1
    error_message = "staging_expire_after_days must be >= 1."
  }
}

variable "launcher_members" {
  description = "IAM members that create clusters/inline workflow templates and act as the cluster service account (the transform function), keyed by a static label."
  type        = map(string)
  default     = {}
}

variable "sweeper_members" {
  description = "IAM members that list and delete orphan clusters (the sweep_clusters function), keyed by a static label."
  type        = map(string)
  default     = {}
}

variable "force_destroy" {
  description = "Let terraform destroy non-empty buckets (dev only)."
  type        = bool
  default     = false
}

variable "labels" {
  description = "Labels put on the buckets."
  type        = map(string)
  default     = {}
}

variable "network_name" {
  description = "Name of the VPC network the clusters run in (its subnet is <name>-<region>)."
  type        = string
  default     = "dataproc"

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$", var.network_name))
    error_message = "network_name is 1-42 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "subnet_cidr" {
  description = "Primary IPv4 range of the clusters' subnet (one address per VM; a /24 holds many clusters)."
  type        = string
  default     = "10.20.0.0/24"

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0)) && tonumber(split("/", var.subnet_cidr)[1]) <= 29
    error_message = "subnet_cidr is an IPv4 CIDR range of /29 or larger."
  }
}
