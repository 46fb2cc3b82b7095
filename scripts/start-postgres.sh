#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on localhost for the catalog tests and
# prints nothing when it is already running. The tests read FENGCUN_TEST_PG_URL
# from .stamps/pg-url; without it they skip with a visible reason.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Under /tmp: the postgres user may not traverse the checkout (e.g. under /root).
data="/tmp/fengcun-pg-$(echo "$root" | md5sum | cut -c1-8)"
port=55432
url="postgresql+psycopg://fengcun@127.0.0.1:$port/fengcun_test"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$root/.stamps"
if ! run "$bin/pg_isready" -q -h 127.0.0.1 -p $port; then
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; if [ "$(id -u)" -eq 0 ]; then chown postgres "$data"; fi
    run "$bin/initdb" -D "$data" -U fengcun --auth=trust >/dev/null
  fi
  run "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port -k /tmp -c listen_addresses=127.0.0.1" -w start >/dev/null
  run "$bin/createdb" -h 127.0.0.1 -p $port -U fengcun fengcun_test 2>/dev/null || true
fi
echo "$url" > "$root/.stamps/pg-url"
