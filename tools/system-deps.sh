#!/usr/bin/env bash
# Installs the operating-system pieces the test suite uses when they are missing:
# gnome-keyring (a real Secret Service for the keyring tests), PostgreSQL server binaries and
# desktop-file-utils (validates the .deb's desktop entry), chromium (the browser tests drive it
# through Playwright by its path; no browser is ever downloaded), and the X11 libraries of Qt's xcb
# platform plugin that the .deb declares (installer/linux/build_deb.py DEPENDS; without them the
# desk cannot open a window on an X11 desktop — `make demo` — and says which ones are missing).
# Only acts as root with apt-get available; otherwise it says what is missing and the tests that
# need it report the same.
set -u
need=()
command -v gnome-keyring-daemon >/dev/null 2>&1 || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus-user-session)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
# Qt's xcb plugin (kept in step with build_deb.py DEPENDS and lapor_desk/deploy/xcb.py by a test)
XCB_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0"
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in $XCB_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
  done
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "system-deps: missing ${need[*]}; install them with your package manager (tests that need them will fail and say so)." >&2
fi
