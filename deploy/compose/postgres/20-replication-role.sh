#!/bin/sh
# First start of postgres_data (docker-entrypoint-initdb.d): the role the `scale` profile's
# streaming replica connects as, allowed to replicate from inside the network. Without
# REPLICATION_PASSWORD nothing is created: the default stack has no replica.
set -eu
if [ -z "${REPLICATION_PASSWORD:-}" ]; then
  echo "20-replication-role: REPLICATION_PASSWORD is empty, no replication role created"
  exit 0
fi
psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v password="$REPLICATION_PASSWORD" <<'SQL'
create role replicator with replication login password :'password';
SQL
echo 'host replication replicator all scram-sha-256' >>"$PGDATA/pg_hba.conf"
psql -q --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c 'select pg_reload_conf()' >/dev/null
