#!/usr/bin/env bash
# Installs the workspace's dependencies exactly as locked. Native addons
# (better-sqlite3) are compiled with node-gyp against the machine's own Node
# headers when /usr/include/node has them, since no headers can be downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
echo
echo "==> pnpm install --frozen-lockfile"
CI=true pnpm install --frozen-lockfile
