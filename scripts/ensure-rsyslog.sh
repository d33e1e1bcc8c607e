#!/bin/sh
# Installs the Debian rsyslog and rsyslog-openssl packages (the forwarding tests start a real
# rsyslogd on loopback ports, one of them TLS) when they are missing. Idempotent and quiet: does nothing when rsyslogd is on PATH or in
# /usr/sbin; prints the apt log only on failure. The package's own service is not started here.
set -e
have_tls() { ls /usr/lib/*/rsyslog/lmnsd_ossl.so /usr/lib/rsyslog/lmnsd_ossl.so >/dev/null 2>&1; }
{ command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ]; } && have_tls && command -v openssl >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog rsyslog-openssl openssl; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "ensure-rsyslog: apt-get install rsyslog rsyslog-openssl openssl failed" >&2
  exit 1
fi
[ -x /usr/sbin/rsyslogd ] || command -v rsyslogd >/dev/null 2>&1 || { echo "ensure-rsyslog: rsyslogd still missing after install" >&2; exit 1; }
