#!/bin/sh
# Installs the Debian nats-server package (the NATS JetStream tests start a real server) when it is missing.
# Idempotent and quiet: does nothing when nats-server is on PATH or in /usr/sbin; prints the apt log only on failure.
set -e
command -v nats-server >/dev/null 2>&1 && exit 0
[ -x /usr/sbin/nats-server ] && exit 0
if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nats-server; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "ensure-nats: apt-get install nats-server failed" >&2
  exit 1
fi
[ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || { echo "ensure-nats: nats-server still missing after install" >&2; exit 1; }
