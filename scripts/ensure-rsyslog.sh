#!/bin/sh
# Debian's rsyslog with its TLS driver and openssl (the forwarding tests start a real rsyslogd on
# loopback ports, one of them TLS), installed when missing and possible.
bin=rsyslogd
[ -x /usr/sbin/rsyslogd ] && bin=/usr/sbin/rsyslogd
exec sh "$(dirname "$0")/apt-install-when-able.sh" "rsyslog rsyslog-openssl openssl" "$bin" "the syslog parts of test/forward.test.ts" \
  'command -v openssl >/dev/null 2>&1 && for f in /usr/lib/*/rsyslog/lmnsd_ossl.so /usr/lib/rsyslog/lmnsd_ossl.so; do [ -e "$f" ] && exit 0; done; exit 1'
