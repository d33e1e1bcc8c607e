#!/bin/sh
# Debian's chromium, driven headless by the dashboard and report tests, installed when missing and possible.
exec sh "$(dirname "$0")/apt-install-when-able.sh" chromium /usr/bin/chromium \
  "test/dashboard.test.ts, test/dashboard-coverage.test.ts, test/dashboard-review.test.ts and the browser parts of test/report.test.ts and test/report-server.test.ts"
