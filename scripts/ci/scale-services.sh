#!/usr/bin/env bash
# The data tier's scale-out parts beside the machine's PostgreSQL (127.0.0.1:5432), for the
# tests that run the contract suite through each of them (and for trying them by hand):
#   - a streaming replica on 127.0.0.1:5433 that applies WAL 300 ms late (recovery_min_apply_delay)
#   - PgBouncer (Debian's 1.18) on 127.0.0.1:6432 in transaction pooling, any database name
# Idempotent: what already runs is left as it is. Needs root (PostgreSQL and PgBouncer then run
# as the postgres user). `stop` ends both.
set -euo pipefail

PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
PGBOUNCER_PORT=${PGBOUNCER_PORT:-6432}
APPLY_DELAY=${REPLICA_APPLY_DELAY:-300ms}
ROOT=${SCALE_SERVICES_DIR:-/var/tmp/bengkel-scale}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { runuser -u postgres -- "$@"; }

if [ "${1:-start}" = stop ]; then
  [ -f "$ROOT/pgbouncer.pid" ] && kill "$(cat "$ROOT/pgbouncer.pid")" 2>/dev/null || true
  [ -d "$ROOT/replica" ] && as_pg "$BIN/pg_ctl" -D "$ROOT/replica" -m fast -w stop >/dev/null 2>&1 || true
  exit 0
fi

mkdir -p "$ROOT"
chown postgres:postgres "$ROOT"

# --- the replica ---
if ! pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT"; then
  hba=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc 'show hba_file')
  if ! grep -Eq '^host\s+replication\s+all\s+127\.0\.0\.1/32' "$hba"; then
    echo 'host replication all 127.0.0.1/32 trust' >>"$hba"
    psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc 'select pg_reload_conf()' >/dev/null
  fi
  rm -rf "$ROOT/replica"
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qAtc \
    "select pg_drop_replication_slot('bengkel_replica') from pg_replication_slots where slot_name = 'bengkel_replica'" >/dev/null
  as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$ROOT/replica" -R -X stream -C -S bengkel_replica
  # Debian keeps the primary's configuration in /etc: the copy needs its own.
  cat >>"$ROOT/replica/postgresql.auto.conf" <<CONF
recovery_min_apply_delay = '$APPLY_DELAY'
hot_standby = on
CONF
  : >"$ROOT/replica/postgresql.conf"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$ROOT/replica/pg_hba.conf"
  chown postgres:postgres "$ROOT/replica/postgresql.conf" "$ROOT/replica/pg_hba.conf"
  as_pg "$BIN/pg_ctl" -D "$ROOT/replica" -l "$ROOT/replica.log" -w -t 60 \
    -o "-p $REPLICA_PORT -c listen_addresses=127.0.0.1 -k $ROOT -c max_connections=100 -c hba_file=$ROOT/replica/pg_hba.conf" start
fi

# --- PgBouncer ---
if ! pg_isready -q -h 127.0.0.1 -p "$PGBOUNCER_PORT"; then
  cat >"$ROOT/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$PRIMARY_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $ROOT/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
; pg sends extra_float_digits; PgBouncer refuses a startup parameter it does not know.
ignore_startup_parameters = extra_float_digits
; PgBouncer keeps the statement timeout the API cannot send through it.
query_timeout = 16
pidfile = $ROOT/pgbouncer.pid
logfile = $ROOT/pgbouncer.log
admin_users = postgres
stats_users = postgres
INI
  echo '"postgres" ""' >"$ROOT/userlist.txt"
  chown postgres:postgres "$ROOT/pgbouncer.ini" "$ROOT/userlist.txt"
  as_pg pgbouncer -d "$ROOT/pgbouncer.ini"
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$PGBOUNCER_PORT" && break; sleep 0.1; done
fi

pg_isready -h 127.0.0.1 -p "$REPLICA_PORT"
pg_isready -h 127.0.0.1 -p "$PGBOUNCER_PORT"
