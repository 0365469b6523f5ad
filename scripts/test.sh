#!/usr/bin/env bash
# The project's test command (`npm test`). Installs the Debian packages the
# suite needs when they are missing (duktape for the ES5 smoke test), builds
# the firmware bundles, then runs every uvu suite and prints `N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
# A fresh clone: install the pinned npm packages first.
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
bash scripts/ensure-system-deps.sh
node scripts/build-firmware.mjs --quiet
exec node --import tsx test/run.ts "$@"
