#!/bin/sh
# Builds the relay and writes a self-contained production bundle to <dir>:
# package.json, dist/ and production-only node_modules (the shared package
# copied in, better-sqlite3 compiled for the Node that runs this script).
# relay/Dockerfile runs it in its build stage and test/container runs it on
# the host, so the image and the test ship the same tree.
set -eu
out=${1:?usage: deploy/bundle-relay.sh <output dir>}
cd "$(dirname "$0")/.."

pnpm --filter @whatsapp-signup/relay run build
rm -rf "$out"
pnpm --filter @whatsapp-signup/relay deploy --prod "$out"

# At run time better-sqlite3 needs only its compiled addon: its C sources,
# object files, static library and test extension are ~17 MB of dead weight.
for pkg in "$out"/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
  addon="$pkg/build/Release/better_sqlite3.node"
  [ -f "$addon" ] || { echo "bundle-relay: $addon is missing (better-sqlite3 was not built)" >&2; exit 1; }
  mv "$addon" "$pkg/better_sqlite3.node.keep"
  rm -rf "$pkg/build" "$pkg/deps" "$pkg/src"
  mkdir -p "$pkg/build/Release"
  mv "$pkg/better_sqlite3.node.keep" "$addon"
done
# Install bookkeeping pnpm leaves in the target; nothing reads it at run time.
rm -f "$out/pnpm-lock.yaml" "$out/pnpm-workspace.yaml"
echo "bundle-relay: wrote $out ($(du -sh "$out" | cut -f1))"
