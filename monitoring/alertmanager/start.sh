#!/bin/sh
# Starts Alertmanager with the receiver chosen from the environment. Alertmanager itself reads no
# environment variables, and the Slack webhook URL is a secret that must not sit in a committed
# file: when SLACK_WEBHOOK_URL is set it is written beside a copy of the config (mode 600) whose
# root receiver is `slack`; otherwise the committed config runs as it is (receiver `log-only`).
#   AM_CONFIG (/etc/alertmanager/alertmanager.yml)  AM_DATA_DIR (/alertmanager), both absolute
set -eu
config="${AM_CONFIG:-/etc/alertmanager/alertmanager.yml}"
data="${AM_DATA_DIR:-/alertmanager}"

if [ -n "${SLACK_WEBHOOK_URL:-}" ]; then
  umask 077
  printf '%s' "$SLACK_WEBHOOK_URL" > "$data/slack-webhook-url"
  sed 's/^  receiver: log-only$/  receiver: slack/' "$config" > "$data/alertmanager.yml"
  grep -q '^  receiver: slack$' "$data/alertmanager.yml" || { echo "start.sh: no root receiver to switch in $config" >&2; exit 1; }
  config="$data/alertmanager.yml"
fi

# The config names the webhook file relatively; Alertmanager resolves it from the working folder.
cd "$data"
exec alertmanager --config.file="$config" --storage.path="$data" "$@"
