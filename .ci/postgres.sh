#!/usr/bin/env bash
# Installs (Debian package) and starts a PostgreSQL server on loopback for the feedback-store tests,
# then prints the connection string. Idempotent: reuses a running server.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=/tmp/bonecds-pg
if ! "$bin/pg_isready" -h 127.0.0.1 -p 55432 -q 2>/dev/null; then
  rm -rf "$data"; mkdir -p "$data"; chown postgres:postgres "$data"
  su postgres -c "$bin/initdb -D $data -A trust -U postgres" >/dev/null
  su postgres -c "$bin/pg_ctl -D $data -o '-p 55432 -k /tmp -c listen_addresses=127.0.0.1' -l $data/log -w start" >/dev/null
fi
echo "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres"
