#!/bin/sh
# Installs the Debian chromium package (driven headless by the dashboard tests) when it is missing.
# Idempotent and quiet: does nothing when /usr/bin/chromium exists; prints the apt log only on failure.
set -e
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "ensure-chromium: apt-get install chromium failed" >&2
  exit 1
fi
[ -x /usr/bin/chromium ] || { echo "ensure-chromium: /usr/bin/chromium still missing after install" >&2; exit 1; }
