#!/usr/bin/env bash
# The README's main command: from a fresh clone, installs pnpm and the workspace,
# builds it and starts the offline demo (Sinch sandbox + relay on SQLite + demo
# ASP site). Prints "Demo: <url>"; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$pnpm_version" ]; then
  as_root npm install -g "pnpm@$pnpm_version" --silent
fi
bash scripts/install.sh
exec pnpm demo
