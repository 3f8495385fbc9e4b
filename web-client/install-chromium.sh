#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests, unless it is already there.
# The tests drive /usr/bin/chromium through playwright-core and never download a browser build.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-chromium.sh: run as root, or install the Debian package 'chromium' yourself" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core
echo "chromium: $(/usr/bin/chromium --version)"
