#!/usr/bin/env bash
# The papers test renders PDFs to PNG and reads their text with Debian's poppler-utils (pdftoppm, pdftotext).
# Installs it when missing, as ensure-chromium.sh does for the browser tests.
set -euo pipefail
if command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; then exit 0; fi
echo "poppler: pdftoppm/pdftotext not found; installing Debian's poppler-utils (apt-get install -y poppler-utils)…"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "poppler: run as root or install sudo, or: apt-get install -y poppler-utils" >&2; exit 1; }
  sudo_cmd="sudo"
fi
$sudo_cmd apt-get install -y poppler-utils >/dev/null || {
  $sudo_cmd apt-get update >/dev/null && $sudo_cmd apt-get install -y poppler-utils >/dev/null
}
command -v pdftoppm >/dev/null || { echo "poppler: pdftoppm still missing" >&2; exit 1; }
