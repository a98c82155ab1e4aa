#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the test suite and prints its URL.
#   scripts/pg-test-server.sh start [PORT]   → prints TEST_DATABASE_URL
#   scripts/pg-test-server.sh stop
# Needs Debian's postgresql package. Runs the server as the 'postgres' user when started as root.
set -euo pipefail
action=${1:-start}
port=${2:-54329}
state=${PG_TEST_DIR:-${TMPDIR:-/tmp}/gongkai-pg-test}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$bin" ] || { echo "找不到 PostgreSQL（apt-get install postgresql）" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

case "$action" in
  start)
    if [ -f "$state/data/postmaster.pid" ] && as_pg "'$bin/pg_ctl' -D '$state/data' status" >/dev/null 2>&1; then
      :
    else
      rm -rf "$state"; mkdir -p "$state"
      [ "$(id -u)" = 0 ] && chown postgres "$state"
      as_pg "'$bin/initdb' -D '$state/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
      as_pg "'$bin/pg_ctl' -D '$state/data' -o \"-h 127.0.0.1 -p $port -k '$state' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" -l '$state/server.log' -w start" >/dev/null
    fi
    as_pg "'$bin/psql' -h 127.0.0.1 -p $port -U postgres -tAc \"select 1 from pg_database where datname='gongkai_test'\"" | grep -q 1 \
      || as_pg "'$bin/createdb' -h 127.0.0.1 -p $port -U postgres gongkai_test"
    echo "postgres://postgres@127.0.0.1:$port/gongkai_test"
    ;;
  stop)
    [ -d "$state/data" ] && as_pg "'$bin/pg_ctl' -D '$state/data' -m fast stop" >/dev/null 2>&1 || true
    ;;
esac
