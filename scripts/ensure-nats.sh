#!/bin/sh
# Debian's nats-server, which the NATS JetStream tests start, installed when missing and possible.
bin=nats-server
[ -x /usr/sbin/nats-server ] && bin=/usr/sbin/nats-server
exec sh "$(dirname "$0")/apt-install-when-able.sh" nats-server "$bin" "test/nats-*.test.ts and the NATS hosts of test/differential.test.ts"
