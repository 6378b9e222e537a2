#!/usr/bin/env bash
# Installs what Flightdeck's tests need on a fresh Debian/Ubuntu machine: system
# packages with apt-get (only those missing), npm packages from the lockfile. Go
# tools are built by the stack itself (tools/stack), cached by version.
#
#   bash tools/install-deps.sh [--no-browser]
#
# --no-browser skips Chromium and its fonts (for `npm run demo`, which opens no browser).
set -euo pipefail
cd "$(dirname "$0")/.."
browser=1
[ "${1:-}" = "--no-browser" ] && browser=0

need=()
command -v /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ "$browser" = 1 ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # Fonts so screenshots and axe contrast checks see real glyphs.
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then export PATH="/usr/local/go/bin:$PATH"; fi
command -v go >/dev/null 2>&1 || { echo "install-deps: Go 1.26+ is required for the local stack (https://go.dev/dl)"; exit 1; }

# npm ci only when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund --no-save
fi
