#!/usr/bin/env bash
# The README's test command: from a fresh clone on a fresh Debian machine
# (Node 20+, npm, root or sudo), installs what the tests need (pnpm, Chromium,
# PostgreSQL), installs the workspace, builds it and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh
bash scripts/install.sh

echo
echo "==> pnpm build"
pnpm build

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://relay:relay@127.0.0.1:5432/relay_test}"
echo
echo "==> pnpm test"
pnpm test
