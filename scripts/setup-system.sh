#!/usr/bin/env bash
# Brings a fresh Debian machine (Node 20+, npm, root) to what the tests need:
# pnpm (the version pinned in package.json), Debian's Chromium, a running
# PostgreSQL with a test database, and the workspace's dependencies.
# Idempotent: what is already there is left alone. Exports nothing; prints the
# Postgres URL the tests use (TEST_DATABASE_URL) when it starts one.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$pnpm_version" ]; then
  log "installing pnpm $pnpm_version"
  as_root npm install -g "pnpm@$pnpm_version" --silent
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/start-postgres.sh
