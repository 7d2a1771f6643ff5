# Datasets and tables. Table shapes are NOT written here: schemas/*.json are generated from the
# DDL in sql/ddl by `npx tsx scripts/ddl-to-schema.ts`, and test/infra fails when they drift.

locals {
  tables = {
    for f in fileset("${path.module}/schemas", "*.json") :
    trimsuffix(f, ".json") => jsondecode(file("${path.module}/schemas/${f}"))
  }
}

resource "google_bigquery_dataset" "main" {
  for_each = var.datasets

  project                    = var.project_id
  dataset_id                 = each.key
  location                   = var.location
  description                = each.value
  labels                     = var.labels
  delete_contents_on_destroy = false
}

resource "google_bigquery_table" "main" {
  for_each = local.tables

  project                  = var.project_id
  dataset_id               = google_bigquery_dataset.main[each.value.dataset].dataset_id
  table_id                 = each.value.table
  description              = each.value.description
  schema                   = jsonencode(each.value.schema)
  clustering               = length(each.value.clustering) > 0 ? each.value.clustering : null
  require_partition_filter = each.value.require_partition_filter
  deletion_protection      = var.deletion_protection
  labels                   = var.labels

  dynamic "time_partitioning" {
    for_each = each.value.time_partitioning == null ? [] : [each.value.time_partitioning]
    content {
      type          = time_partitioning.value.type
      field         = time_partitioning.value.field
      expiration_ms = time_partitioning.value.expiration_days == null ? null : time_partitioning.value.expiration_days * 86400000
    }
  }
}

resource "google_bigquery_dataset_iam_member" "main" {
  for_each = var.access

  project    = var.project_id
  dataset_id = google_bigquery_dataset.main[each.value.dataset].dataset_id
  role       = each.value.role
  member     = each.value.member
}
