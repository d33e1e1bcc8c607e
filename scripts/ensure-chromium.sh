#!/bin/sh
# Installs the Debian chromium package (driven headless by the dashboard and report tests) when it
# is missing and this machine can: root (or password-less sudo) with apt-get. When it cannot, it
# says so and which suites will be skipped, and exits 0, except under CI, where it fails.
# Idempotent and quiet: does nothing when /usr/bin/chromium exists; prints the apt log only on failure.
set -e
[ -x /usr/bin/chromium ] && exit 0
SUITES="test/dashboard.test.ts, test/dashboard-coverage.test.ts, test/dashboard-review.test.ts and the browser parts of test/report.test.ts and test/report-server.test.ts"
why=""
if [ "$(id -u)" = "0" ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
else why="not root and no password-less sudo"; fi
command -v apt-get >/dev/null 2>&1 || why="no apt-get on this system"
if [ -z "$why" ]; then
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >"$log" 2>&1; then
    cat "$log" >&2
    why="apt-get install chromium failed (log above)"
  elif [ ! -x /usr/bin/chromium ]; then
    why="/usr/bin/chromium still missing after install"
  fi
fi
[ -z "$why" ] && exit 0
echo "ensure-chromium: cannot install chromium: $why; skipped: $SUITES" >&2
case "${CI:-}" in ''|false|0) exit 0 ;; *) echo "ensure-chromium: CI needs chromium" >&2; exit 1 ;; esac
