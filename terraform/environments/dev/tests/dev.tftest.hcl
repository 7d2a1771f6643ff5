# Plans and applies the dev environment against the real google provider schema with mocked API
# calls (scripts/terraform-check.sh runs this on a throw-away copy, offline). Mocked computed values
# are shaped like real ones where the provider validates them.

mock_provider "google" {
  mock_data "google_project" {
    defaults = {
      number = "123456789012"
    }
  }
  mock_data "google_storage_project_service_account" {
    defaults = {
      email_address = "service-123456789012@gs-project-accounts.iam.gserviceaccount.com"
      member        = "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com"
    }
  }
  mock_resource "google_service_account" {
    defaults = {
      name   = "projects/kdp-test/serviceAccounts/mocked-sa@kdp-test.iam.gserviceaccount.com"
      id     = "projects/kdp-test/serviceAccounts/mocked-sa@kdp-test.iam.gserviceaccount.com"
      email  = "mocked-sa@kdp-test.iam.gserviceaccount.com"
      member = "serviceAccount:mocked-sa@kdp-test.iam.gserviceaccount.com"
    }
  }
  mock_resource "google_project_iam_custom_role" {
    defaults = {
      name = "projects/kdp-test/roles/dataprocClusterSweeper"
      id   = "projects/kdp-test/roles/dataprocClusterSweeper"
    }
  }
}

mock_provider "archive" {}

# time_sleep (alert policies wait for their log-based metrics) would really sleep.
mock_provider "time" {}

variables {
  project_id = "kdp-test"
}

run "plan_default_sources" {
  command = plan

  assert {
    condition     = contains(keys(output.extract_topics), "saramin") && contains(keys(output.extract_topics), "stock")
    error_message = "one extract topic per default source"
  }
}

run "apply_default_sources" {
  command = apply

  assert {
    condition = toset(keys(output.functions)) == setunion(
      [for name in keys(output.extract_topics) : "extract:${name}"],
      ["transform", "load", "dead_letter", "sweep_clusters"],
    )
    error_message = "an extract function per source + transform, load, dead_letter, sweep_clusters"
  }
  assert {
    condition     = toset(keys(output.retrying_triggers)) == setsubtract(toset(keys(output.functions)), ["dead_letter"])
    error_message = "every trigger but the dead_letter function's own gets a dead-letter policy"
  }
}

# A source without an API key: no secret of its own, only the Slack webhook.
run "apply_with_a_source_without_secret" {
  command = apply

  variables {
    sources = {
      saramin = { schedule = "5 * * * *", secret_env = "SARAMIN_ACCESS_KEY", max_silence_s = 10800 }
      stock   = { schedule = "30 13 * * 1-5", secret_env = "DATA_GO_KR_SERVICE_KEY", memory_mb = 1024 }
      trends  = { schedule = "0 6 * * *" }
    }
  }

  assert {
    condition     = toset(output.secret_ids) == toset(["data-go-kr-service-key", "saramin-access-key", "slack-webhook-url"])
    error_message = "a source without secret_env adds no secret"
  }
  assert {
    condition     = contains(keys(output.functions), "extract:trends")
    error_message = "the keyless source gets its extract function"
  }
}

# An on-demand (keyed) source in the whole environment: its topic and extract function.
run "apply_with_an_on_demand_source" {
  command = apply

  variables {
    sources = {
      saramin = { schedule = "5 * * * *", secret_env = "SARAMIN_ACCESS_KEY" }
      certs   = { secret_env = "DATA_GO_KR_SERVICE_KEY" }
    }
    backfill_publishers = ["group:data-eng@example.com"]
  }

  assert {
    condition     = contains(keys(output.functions), "extract:certs") && contains(keys(output.extract_topics), "certs")
    error_message = "the on-demand source gets its topic and extract function"
  }
}

# The source module on its own: no schedule = no scheduler job; backfill publishers may publish.
run "source_module_without_schedule" {
  command = apply

  module {
    source = "../../modules/pipeline_source"
  }

  variables {
    project_id       = "kdp-test"
    scheduler_region = "asia-northeast3"
    source_name      = "certs"
    publishers       = ["group:data-eng@example.com"]
  }

  assert {
    condition     = length(google_cloud_scheduler_job.main) == 0
    error_message = "an on-demand source gets no Cloud Scheduler job"
  }
  assert {
    condition     = output.publishers == toset(["group:data-eng@example.com"])
    error_message = "the backfill publishers may publish to the topic"
  }
}

run "source_module_with_schedule" {
  command = plan

  module {
    source = "../../modules/pipeline_source"
  }

  variables {
    project_id       = "kdp-test"
    scheduler_region = "asia-northeast3"
    source_name      = "saramin"
    schedule         = "5 * * * *"
  }

  assert {
    condition     = length(google_cloud_scheduler_job.main) == 1 && google_cloud_scheduler_job.main[0].time_zone == "Asia/Seoul"
    error_message = "a scheduled source gets one job, in Asia/Seoul"
  }
}

# The generic function module on its own: the runtime and the build account are what Cloud
# Functions will get (nodejs20 is decommissioned; new projects need a build service account).
run "function_module_builds_on_node22_as_the_build_account" {
  command = plan

  module {
    source = "../../modules/event_function"
  }

  variables {
    region                = "asia-northeast3"
    name                  = "kdp-load"
    service_account_id    = "fn-load"
    entry_point           = "load"
    source_archive        = { bucket = "kdp-test-code", object = "functions/0123456789abcdef.zip" }
    build_service_account = "projects/kdp-test/serviceAccounts/fn-build@kdp-test.iam.gserviceaccount.com"
    trigger               = { storage_bucket = "kdp-test-curated" }
  }

  assert {
    condition     = google_cloudfunctions2_function.main.build_config[0].runtime == "nodejs22"
    error_message = "functions run on nodejs22"
  }
  assert {
    condition     = google_cloudfunctions2_function.main.build_config[0].service_account == "projects/kdp-test/serviceAccounts/fn-build@kdp-test.iam.gserviceaccount.com"
    error_message = "the build runs as the build service account"
  }
}
