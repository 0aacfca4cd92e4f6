#!/bin/sh
# Starts Prometheus with the API's METRICS_TOKEN in the file prometheus.yml's backend job reads
# (credentials_file). Prometheus reads no environment variables in its config, and the token is a
# secret that must not sit in a committed file: it is written, mode 600, into the data folder.
#   PROM_DATA_DIR (/prometheus)   then prometheus's own arguments
set -eu
data="${PROM_DATA_DIR:-/prometheus}"
if [ -z "${METRICS_TOKEN:-}" ]; then
  echo "start.sh: METRICS_TOKEN is not set: the API's /metrics would refuse every scrape" >&2
  exit 1
fi
umask 077
printf '%s' "$METRICS_TOKEN" > "$data/metrics-token"
exec prometheus "$@"
