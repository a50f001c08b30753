#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS server for the tests whose names contain "postgis".
#   pg_server.sh start STATE_DIR   initdb in a fresh temp dir, start on a free port (127.0.0.1 only),
#                                  create the template database zhenmap_template with PostGIS, and
#                                  write STATE_DIR/conninfo ("host=... port=... user=postgres")
#   pg_server.sh stop STATE_DIR    stop that server and delete its temp dir
# Fails (never skips) when the server cannot be started: the PostGIS tests must run.
set -euo pipefail

cmd=${1:?usage: pg_server.sh start|stop STATE_DIR}
state=${2:?usage: pg_server.sh start|stop STATE_DIR}
PGBIN=${ZHENMAP_PGBIN:-/usr/lib/postgresql/15/bin}
mkdir -p "$state"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_server() {
  [ -f "$state/datadir" ] || return 0
  local root
  root=$(cat "$state/datadir")
  if [ -d "$root/data" ]; then as_owner "$PGBIN/pg_ctl" -D "$root/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true; fi
  rm -rf "$root"
  rm -f "$state/datadir" "$state/conninfo"
}

case "$cmd" in
  start)
    stop_server  # a server left behind by an interrupted run
    for tool in initdb pg_ctl postgres; do
      [ -x "$PGBIN/$tool" ] || { echo "error: $PGBIN/$tool missing (install postgresql-15)" >&2; exit 1; }
    done
    [ -f /usr/share/postgresql/15/extension/postgis.control ] ||
      { echo "error: PostGIS missing (install postgresql-15-postgis-3; ./dev.sh test does)" >&2; exit 1; }
    if [ "$(id -u)" -eq 0 ]; then
      # initdb and the server write to /dev/null as the postgres user. On some container images
      # /dev/null is a plain file that only root may write: give it its usual mode (rw for all).
      if ! runuser -u postgres -- sh -c ': >/dev/null' 2>/dev/null; then
        if [ ! -c /dev/null ]; then chmod 0666 /dev/null; fi
        runuser -u postgres -- sh -c ': >/dev/null' ||
          { echo "error: the postgres user cannot write /dev/null" >&2; exit 1; }
      fi
    fi
    root=$(mktemp -d /tmp/zhenmap-postgis.XXXXXX)
    chmod 0755 "$root"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$root"; fi
    echo "$root" >"$state/datadir"
    cd "$root"  # the postgres user may not read the caller's directory
    if ! as_owner "$PGBIN/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$root/initdb.log" 2>&1; then
      cat "$root/initdb.log" >&2
      echo "error: initdb failed" >&2
      exit 1
    fi
    started=""
    for attempt in 1 2 3 4 5; do
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      if as_owner "$PGBIN/pg_ctl" -D "$root/data" -l "$root/log" -w -t 60 \
          -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
          start >/dev/null; then
        started=yes
        break
      fi
    done
    if [ -z "$started" ]; then
      cat "$root/log" >&2 || true
      echo "error: the PostgreSQL server did not start" >&2
      exit 1
    fi
    conn="host=127.0.0.1 port=$port user=postgres"
    psql -X -q -v ON_ERROR_STOP=1 "$conn dbname=postgres" -c "CREATE DATABASE zhenmap_template"
    psql -X -q -v ON_ERROR_STOP=1 "$conn dbname=zhenmap_template" -c "CREATE EXTENSION postgis"
    echo "$conn" >"$state/conninfo"
    echo "PostGIS test server on 127.0.0.1:$port, data in $root"
    ;;
  stop)
    stop_server
    echo "PostGIS test server stopped"
    ;;
  *)
    echo "usage: pg_server.sh start|stop STATE_DIR" >&2
    exit 1
    ;;
esac
