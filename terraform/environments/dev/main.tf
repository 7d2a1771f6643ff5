provider "google" {
  project = var.project_id
  region  = var.region
  default_labels = {
    env = "dev"
  }
}

module "platform" {
  source = "../../modules/platform"

  project_id               = var.project_id
  region                   = var.region
  bucket_prefix            = coalesce(var.bucket_prefix, var.project_id)
  name_prefix              = var.name_prefix
  sources                  = var.sources
  backfill_publishers      = var.backfill_publishers
  function_source_dir      = "${path.root}/../../../build/function"
  spark_source_dir         = "${path.root}/../../../functions/spark"
  slack_channel            = var.slack_channel
  slack_auth_token         = var.slack_auth_token
  notification_channel_ids = var.notification_channel_ids
  force_destroy            = var.force_destroy
  labels                   = { env = "dev" }
}
