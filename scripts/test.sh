#!/usr/bin/env bash
# The README's test command: from a fresh clone on a fresh Debian machine
# (Node 20+, npm, root or sudo), installs what the tests need (pnpm, Chromium,
# PostgreSQL; Docker's engine is installed by the container suite itself),
# installs the workspace, builds it and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh
bash scripts/install.sh

echo
echo "==> pnpm build"
pnpm build

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://relay:relay@127.0.0.1:5432/relay_test}"
echo
echo "==> pnpm test (unit, contract, integration, end-to-end, browser)"
pnpm test

echo
echo "==> pnpm test:reliability (fault injection, crash recovery, fuzzing, SSE leaks, secret scan)"
pnpm test:reliability

echo
echo "==> pnpm test:container (the relay image, run end to end under Docker)"
pnpm test:container
