#!/usr/bin/env bash
# The project's test command (`npm test`). Installs the Debian packages the
# suite needs when they are missing (duktape for the ES5 smoke test), builds
# the firmware bundles (which type-checks protocol/ and firmware/ as ES5), type-checks the rest,
# then runs every uvu suite and prints `N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
# A fresh clone: install the pinned npm packages first.
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
bash scripts/ensure-system-deps.sh
node scripts/build-firmware.mjs --quiet
echo 'type-checking sdk/, simulator/, tests and examples...'
node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit
node node_modules/typescript/bin/tsc -p examples/tsconfig.json --noEmit
exec node --import tsx test/run.ts "$@"
