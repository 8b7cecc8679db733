#!/usr/bin/env bash
# Installs the operating-system pieces the test suite uses when they are missing:
# gnome-keyring (a real Secret Service for the keyring tests), PostgreSQL server binaries and
# desktop-file-utils (validates the .deb's desktop entry).
# Only acts as root with apt-get available; otherwise it says what is missing and the tests that
# need it report the same.
set -u
need=()
command -v gnome-keyring-daemon >/dev/null 2>&1 || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus-user-session)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "system-deps: missing ${need[*]}; install them with your package manager (tests that need them will fail and say so)." >&2
fi
