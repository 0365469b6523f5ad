#!/usr/bin/env bash
# Installs the Debian packages the tests need, only if they are missing.
# duktape: `duk`, a real ES5.1 interpreter for the firmware smoke test.
# chromium: /usr/bin/chromium, the browser the till and canteen page tests drive (playwright-core).
set -euo pipefail
need=()
command -v duk >/dev/null 2>&1 || need+=(duktape)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages for the tests: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
