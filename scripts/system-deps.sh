#!/usr/bin/env bash
# System packages billdesk needs on Debian/Ubuntu: Qt's runtime libraries (offscreen and a real
# X window), a virtual X server for the smoke test, PDF tools used by the tests, and the
# PostgreSQL server binaries for the PostgreSQL tests. Run as root (the Makefile does when it
# can); others: sudo bash scripts/system-deps.sh
set -euo pipefail
PKGS=(libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
      libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxcb-xinerama0
      libxcb-randr0 libxcb-xfixes0 xvfb xauth poppler-utils qpdf fonts-dejavu-core binutils)
# python3 -m venv needs ensurepip, which Debian ships separately
python3 -c "import ensurepip" 2>/dev/null || PKGS+=(python3-venv)
# PyInstaller (make dist) needs the shared libpython
python3 -c "import os, sys, sysconfig as c; sys.exit(not os.path.exists(os.path.join(c.get_config_var('LIBDIR'), c.get_config_var('LDLIBRARY'))))" \
  || PKGS+=(libpython3.11)
PG=(postgresql)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=("${PG[@]}")
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"; exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "missing system packages (install as root): ${missing[*]}" >&2
  echo "  sudo bash scripts/system-deps.sh" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages installed: ${missing[*]}"
