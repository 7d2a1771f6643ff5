#!/usr/bin/env bash
# Bounds the platform retries of every event trigger and sends what is left to the dead-letter topic.
#
# Eventarc creates (and owns) the Pub/Sub subscription behind each function trigger, so Terraform
# cannot set its dead-letter policy; Eventarc's documented way is to update that subscription.
# Run after every `terraform apply` (a re-created trigger gets a fresh subscription):
#
#   scripts/terraform-dead-letter.sh terraform/environments/dev [MAX_DELIVERY_ATTEMPTS]
#
# Needs gcloud and python3, authenticated with pubsub.subscriptions.update/setIamPolicy and
# eventarc.triggers.get. Idempotent. TF_OUTPUTS_FILE=<file of `terraform output -json`> skips
# calling terraform (Cloud Build runs it in the terraform image, gcloud in another).
set -euo pipefail

ENV_DIR="${1:?usage: $0 ENV_DIR [MAX_DELIVERY_ATTEMPTS]}"
ATTEMPTS="${2:-5}"
TF="${TERRAFORM:-terraform}"

if [[ -n "${TF_OUTPUTS_FILE:-}" ]]; then
  outputs="$(cat "$TF_OUTPUTS_FILE")"
else
  outputs="$("$TF" -chdir="$ENV_DIR" output -json)"
fi
field() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[sys.argv[1]]["value"])' "$1" <<<"$outputs"; }
dead_letter_topic="$(field dead_letter_topic)"
pubsub_agent="$(field pubsub_service_agent)"

python3 -c 'import json,sys
for k, v in json.loads(sys.stdin.read())["retrying_triggers"]["value"].items(): print(k, v)' <<<"$outputs" | while read -r name trigger; do
  # trigger = projects/P/locations/L/triggers/T
  location="$(cut -d/ -f4 <<<"$trigger")"
  subscription="$(gcloud eventarc triggers describe "$trigger" --location "$location" --format 'value(transport.pubsub.subscription)')"
  if [[ -z "$subscription" ]]; then
    echo "$name: trigger $trigger has no subscription yet" >&2
    exit 1
  fi
  gcloud pubsub subscriptions update "$subscription" \
    --dead-letter-topic "$dead_letter_topic" \
    --max-delivery-attempts "$ATTEMPTS" \
    --min-retry-delay 10s \
    --max-retry-delay 600s \
    --quiet >/dev/null
  # The Pub/Sub service agent must be able to acknowledge what it forwards.
  gcloud pubsub subscriptions add-iam-policy-binding "$subscription" \
    --member "$pubsub_agent" --role roles/pubsub.subscriber --quiet >/dev/null
  echo "$name: $subscription -> $dead_letter_topic after $ATTEMPTS attempts"
done
