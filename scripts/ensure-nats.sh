#!/bin/sh
# Installs the Debian nats-server package (the NATS JetStream tests start a real server) when it is
# missing and this machine can: root (or password-less sudo) with apt-get. When it cannot, it says
# so and which suites will be skipped, and exits 0, except under CI, where it fails.
# Idempotent and quiet: does nothing when nats-server is on PATH or in /usr/sbin; prints the apt log only on failure.
set -e
command -v nats-server >/dev/null 2>&1 && exit 0
[ -x /usr/sbin/nats-server ] && exit 0
SUITES="test/nats-*.test.ts and the NATS hosts of test/differential.test.ts"
why=""
if [ "$(id -u)" = "0" ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
else why="not root and no password-less sudo"; fi
command -v apt-get >/dev/null 2>&1 || why="no apt-get on this system"
if [ -z "$why" ]; then
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nats-server; } >"$log" 2>&1; then
    cat "$log" >&2
    why="apt-get install nats-server failed (log above)"
  elif ! [ -x /usr/sbin/nats-server ] && ! command -v nats-server >/dev/null 2>&1; then
    why="nats-server still missing after install"
  fi
fi
[ -z "$why" ] && exit 0
echo "ensure-nats: cannot install nats-server: $why; skipped: $SUITES" >&2
case "${CI:-}" in ''|false|0) exit 0 ;; *) echo "ensure-nats: CI needs nats-server" >&2; exit 1 ;; esac
