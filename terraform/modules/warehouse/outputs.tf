output "dataset_ids" {
  description = "Dataset ids created."
  value       = [for d in google_bigquery_dataset.main : d.dataset_id]
}

output "table_ids" {
  description = "Tables created from schemas/*.json, as dataset.table."
  value       = keys(google_bigquery_table.main)
}
