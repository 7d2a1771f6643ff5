variable "project_id" {
  description = "Project that owns the datasets."
  type        = string
}

variable "location" {
  description = "BigQuery location of every dataset (e.g. asia-northeast3)."
  type        = string
}

variable "datasets" {
  description = "Dataset ids with a description. Tables come from schemas/*.json, generated from sql/ddl."
  type        = map(string)
  default = {
    raw     = "Rows exactly as curated files carry them, partitioned by slot date"
    staging = "Views renaming a source's raw columns into one schema (per-year variants, codes split)"
    core    = "Typed, deduplicated entities, partitioned and clustered"
    meta    = "Code tables (job codes, locations, industries, places)"
    mart    = "Analysis tables the dashboards read"
    ops     = "Pipeline run ledger, data-quality results, quarantine index"
  }

  validation {
    # Length apart from the pattern: RE2 refuses repeat counts over 1000 ({0,1023}).
    condition     = alltrue([for d in keys(var.datasets) : can(regex("^[a-z_][a-z0-9_]*$", d)) && length(d) <= 1024])
    error_message = "Dataset ids are 1-1024 lowercase letters, digits and '_'."
  }
}

variable "access" {
  description = <<-EOT
    Dataset-level grants, keyed by a static label (keys must be known at plan time):
    { "load-core-editor" = { dataset = "core", role = "roles/bigquery.dataEditor", member = "serviceAccount:..." } }.
  EOT
  type = map(object({
    dataset = string
    role    = string
    member  = string
  }))
  default = {}

  validation {
    condition     = alltrue([for a in var.access : contains(["roles/bigquery.dataViewer", "roles/bigquery.dataEditor"], a.role)])
    error_message = "Dataset access is roles/bigquery.dataViewer or roles/bigquery.dataEditor."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy tables (keep true outside throwaway environments)."
  type        = bool
  default     = true
}

variable "labels" {
  description = "Labels put on every dataset and table."
  type        = map(string)
  default     = {}
}
