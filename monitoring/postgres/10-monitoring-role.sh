#!/bin/sh
# PostgreSQL init script (/docker-entrypoint-initdb.d/, run once when postgres_data is created):
# a login role for postgres-exporter with pg_monitor's read-only view of the server's statistics
# (pg_stat_activity, pg_settings) and nothing else. Its password comes from the environment.
set -eu
: "${POSTGRES_EXPORTER_PASSWORD:?POSTGRES_EXPORTER_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v password="$POSTGRES_EXPORTER_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE bengkel_monitor LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bengkel_monitor') \gexec
ALTER ROLE bengkel_monitor WITH LOGIN PASSWORD :'password' CONNECTION LIMIT 3;
GRANT pg_monitor TO bengkel_monitor;
SQL
