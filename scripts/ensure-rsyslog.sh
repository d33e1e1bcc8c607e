#!/bin/sh
# Debian's rsyslog, rsyslog-openssl and openssl (the forwarding tests start a real rsyslogd on
# loopback ports, one of them TLS), installed when missing and possible: root (or password-less
# sudo) with apt-get. When it cannot, it says so and which suites will be skipped, and exits 0,
# except under CI, where it fails. Quiet: the apt log only on failure.
set -e
suites="the syslog parts of test/forward.test.ts"
have_tls() { for f in /usr/lib/*/rsyslog/lmnsd_ossl.so /usr/lib/rsyslog/lmnsd_ossl.so; do [ -e "$f" ] && return 0; done; return 1; }
present() { { command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ]; } && have_tls && command -v openssl >/dev/null 2>&1; }
present && exit 0
why=""
if [ "$(id -u)" = "0" ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
else why="not root and no password-less sudo"; fi
command -v apt-get >/dev/null 2>&1 || why="no apt-get on this system"
if [ -z "$why" ]; then
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
         $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog rsyslog-openssl openssl; } >"$log" 2>&1; then
    cat "$log" >&2
    why="apt-get install rsyslog rsyslog-openssl openssl failed (log above)"
  elif ! present; then
    why="rsyslogd or its TLS driver still missing after install"
  fi
fi
[ -z "$why" ] && exit 0
echo "ensure: cannot install rsyslog: $why; skipped: $suites" >&2
case "${CI:-}" in ''|false|0) exit 0 ;; *) echo "ensure: CI needs rsyslog" >&2; exit 1 ;; esac
