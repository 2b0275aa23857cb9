#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster (Debian's postgresql package) if it is
# down and creates the test role and database the store tests use:
#   postgres://relay:relay@127.0.0.1:5432/relay_test
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  echo "no PostgreSQL cluster found (is Debian's postgresql package installed?)" >&2
  exit 1
fi
# shellcheck disable=SC2086
if ! pg_lsclusters --no-header | awk 'NR==1 {exit ($4=="online")?0:1}'; then
  as_root pg_ctlcluster $cluster start
fi
for _ in $(seq 1 30); do
  as_postgres psql -qAtc 'select 1' >/dev/null 2>&1 && break
  sleep 1
done
as_postgres psql -qAtc "select 1 from pg_roles where rolname='relay'" | grep -q 1 ||
  as_postgres psql -qc "create role relay login password 'relay' createdb"
as_postgres psql -qAtc "select 1 from pg_database where datname='relay_test'" | grep -q 1 ||
  as_postgres psql -qc "create database relay_test owner relay"
echo "PostgreSQL ready: TEST_DATABASE_URL=postgres://relay:relay@127.0.0.1:5432/relay_test"
