#!/bin/sh
# Usage: apt-install-when-able.sh PACKAGES BINARY SUITES [PRESENT]
# PACKAGES: one or more Debian packages (space-separated); PRESENT: a shell test that says they are
# all there, when BINARY alone cannot (e.g. a library the package ships).
# Installs the Debian PACKAGE when BINARY (a path, or a name on PATH) is missing and this machine
# can: root (or password-less sudo) with apt-get. When it cannot, it says so and which SUITES will
# be skipped, and exits 0, except under CI, where it fails. Quiet: the apt log only on failure.
set -e
pkg=$1; bin=$2; suites=$3; check=${4:-}
present() { { [ -x "$bin" ] || command -v "$bin" >/dev/null 2>&1; } && { [ -z "$check" ] || sh -c "$check"; }; }
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
         $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkg; } >"$log" 2>&1; then
    cat "$log" >&2
    why="apt-get install $pkg failed (log above)"
  elif ! present; then
    why="$bin still missing after install"
  fi
fi
[ -z "$why" ] && exit 0
echo "ensure: cannot install $pkg: $why; skipped: $suites" >&2
case "${CI:-}" in ''|false|0) exit 0 ;; *) echo "ensure: CI needs $pkg" >&2; exit 1 ;; esac
