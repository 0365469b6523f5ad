#!/usr/bin/env bash
# The project's run command (`npm start`): installs the pinned npm packages on a fresh clone,
# then starts the demo server (simulated readers, bridge, till and canteen pages on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
exec node --import tsx examples/server.ts "$@"
