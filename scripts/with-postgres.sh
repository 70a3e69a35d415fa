#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster and RATECARD_TEST_POSTGRES naming it.
#
#   scripts/with-postgres.sh swift test          # the whole suite on SQLite and PostgreSQL
#   scripts/with-postgres.sh bash                # a shell with the variable set
#
# The cluster lives in a temporary directory, listens on a free loopback port only, runs as a
# non-root user (the Debian 'postgres' account when started as root) and is stopped and deleted
# when the command ends. PostgreSQL is installed from Debian packages when it is missing.
# RATECARD_PG_DURABLE=1 keeps fsync on (benchmarks); tests turn it off for speed.
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
PGBIN="$(find_bin)"
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  echo "with-postgres: installing PostgreSQL from Debian packages" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  PGBIN="$(find_bin)"
fi

RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --create-home postgres
  RUN_AS=(runuser -u postgres --)
fi

WORK="$(mktemp -d /tmp/ratecard-pg.XXXXXX)"
chmod 755 "$WORK"
[[ ${#RUN_AS[@]} -gt 0 ]] && chown postgres "$WORK"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U ratecard --auth=trust -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
OPTIONS="-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c max_connections=200 -c shared_buffers=256MB"
if [[ "${RATECARD_PG_DURABLE:-0}" != 1 ]]; then
  OPTIONS="$OPTIONS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -o "$OPTIONS" -l "$WORK/server.log" -w start >/dev/null \
  || { cat "$WORK/server.log" >&2; exit 1; }

export RATECARD_TEST_POSTGRES="postgres://ratecard@127.0.0.1:$PORT/postgres?sslmode=disable"
export RATECARD_TEST_POSTGRES_LOG="$WORK/server.log"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (RATECARD_TEST_POSTGRES=$RATECARD_TEST_POSTGRES)" >&2
"$@"
