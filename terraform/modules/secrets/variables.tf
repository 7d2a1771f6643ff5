variable "project_id" {
  description = "Project that owns the secrets."
  type        = string
}

variable "secret_ids" {
  description = "Secret Manager secret ids to create (values are added out of band with gcloud, never in Terraform)."
  type        = set(string)

  validation {
    condition     = alltrue([for s in var.secret_ids : can(regex("^[a-zA-Z0-9_-]{1,255}$", s))])
    error_message = "Secret ids are 1-255 letters, digits, '-' or '_'."
  }
}

variable "replica_locations" {
  description = "Regions holding the secret's replicas; empty = Google-managed automatic replication."
  type        = list(string)
  default     = []
}

variable "labels" {
  description = "Labels put on every secret."
  type        = map(string)
  default     = {}
}
