#!/usr/bin/env bash
# Local infrastructure for `npm start` and `npm test`: the machine's PostgreSQL and Redis (started when down),
# Apache Kafka from Maven Central (deploy/local/kafka.sh). ClickHouse is embedded (chDB): nothing to start.
#   infra.sh up | down | status
# Idempotent: what already runs is left alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
REDIS_PORT="${REDIS_PORT:-6379}"

die() { echo "infra: $*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 "${3:-60}"); do port_open "$1" && return 0; sleep 0.5; done; die "$2 did not open 127.0.0.1:$1"; }

postgres_up() {
  if ! port_open "$PGPORT"; then
    echo "postgres: starting the machine's server"
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start \
        || die "could not start PostgreSQL with pg_ctlcluster (see its message above)."
    else
      die "PostgreSQL is not running on $PGHOST:$PGPORT and pg_ctlcluster is not installed. Install PostgreSQL 15+ (Debian: apt-get install postgresql) or point DATABASE_URL at a server."
    fi
    wait_port "$PGPORT" PostgreSQL
  fi
  command -v psql >/dev/null || die "psql not found (Debian: apt-get install postgresql-client)."
  for _ in $(seq 1 30); do psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc 'select 1' >/dev/null \
    || die "PostgreSQL answers on $PGPORT but refuses user $PGUSER (set PGUSER, or allow trust auth for local runs)."
  echo "postgres: up on $PGHOST:$PGPORT"
}

# Creates a database when missing: `park` for the product, `park_test` for tests (never the demo's data).
postgres_db() {
  local db="$1"
  if [ "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "select 1 from pg_database where datname='$db'")" != "1" ]; then
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "create database \"$db\"" >/dev/null
    echo "postgres: created database $db"
  fi
}

redis_up() {
  if ! port_open "$REDIS_PORT"; then
    command -v redis-server >/dev/null || die "Redis is not running on 127.0.0.1:$REDIS_PORT and redis-server is not installed (Debian: apt-get install redis-server)."
    echo "redis: starting the machine's server"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
    wait_port "$REDIS_PORT" Redis
  fi
  echo "redis: up on 127.0.0.1:$REDIS_PORT"
}

case "${1:-}" in
  up)
    postgres_up
    for db in ${PARK_DATABASES:-park park_test park_bench}; do postgres_db "$db"; done
    redis_up
    bash "$here/kafka.sh" up
    ;;
  down)
    # PostgreSQL and Redis are the machine's; only what the project started itself is stopped.
    bash "$here/kafka.sh" down
    ;;
  status)
    port_open "$PGPORT" && echo "postgres: up" || echo "postgres: down"
    port_open "$REDIS_PORT" && echo "redis: up" || echo "redis: down"
    bash "$here/kafka.sh" status || true
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
