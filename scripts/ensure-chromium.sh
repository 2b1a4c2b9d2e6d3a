#!/usr/bin/env bash
# The browser tests and screenshots drive Debian's Chromium headless (playwright-core downloads no browser).
# Installs it when missing, as the other scripts bring up the rest of the infrastructure.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
echo "chromium: not found at $CHROMIUM; installing Debian's chromium (apt-get install -y chromium)…"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "chromium: run as root or install sudo, or: apt-get install -y chromium" >&2; exit 1; }
  sudo_cmd="sudo"
fi
$sudo_cmd apt-get install -y chromium >/dev/null || {
  $sudo_cmd apt-get update >/dev/null && $sudo_cmd apt-get install -y chromium >/dev/null
}
[ -x "$CHROMIUM" ] || { echo "chromium: still missing at $CHROMIUM (set CHROMIUM_PATH)" >&2; exit 1; }
