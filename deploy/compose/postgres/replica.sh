#!/bin/sh
# The `scale` profile's read replica: on its first start, a base backup of the primary streamed
# over the replication protocol (with a replication slot, so the primary keeps the WAL it still
# needs), then PostgreSQL as a hot standby following it. Later starts just follow on.
#   PRIMARY_HOST (db), PRIMARY_PORT (5432), REPLICATION_PASSWORD, PGDATA, PGPORT (5432)
set -eu
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD in .env to run the scale profile}"
host=${PRIMARY_HOST:-db}
port=${PRIMARY_PORT:-5432}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -q -h "$host" -p "$port"; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  # -C creates the slot; on a re-run after a lost replica volume the slot is already there.
  pg_basebackup -h "$host" -p "$port" -U replicator -D "$PGDATA" -R -X stream -C -S bengkel_replica ||
    { rm -rf "${PGDATA:?}"/*; pg_basebackup -h "$host" -p "$port" -U replicator -D "$PGDATA" -R -X stream -S bengkel_replica; }
  unset PGPASSWORD
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c listen_addresses='*' -c port="${PGPORT:-5432}"
