#!/usr/bin/env bash
# The whole suite: provisions redis-server, redis-cli and chromium, builds the package, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
npm run --silent build
npx vitest run "$@"
