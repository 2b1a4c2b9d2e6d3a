#!/usr/bin/env bash
# Source shape (CONVENTIONS.md "Style"): no line over 120 characters in apps/, libs/, test/ and bench/ (Prettier
# breaks code but not strings and comments), and with --files also no file over 300 lines in apps/ or libs/.
# Generated files are left out. Counts characters, not bytes (Chinese text is common here).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8

MAX_WIDTH=120
MAX_LINES=300
GENERATED='^apps/console/src/api/schema\.d\.ts$|^apps/console/openapi\.json$'

sources() {
  git ls-files --cached --others --exclude-standard -- "$@" |
    grep -E '\.(ts|tsx|js|mjs|cjs|css)$' | grep -Ev "$GENERATED" || true
}

status=0
long=$(sources apps libs test bench | xargs -r awk -v max="$MAX_WIDTH" \
  'length($0) > max { printf "%s:%d: %d characters\n", FILENAME, FNR, length($0) }')
if [ -n "$long" ]; then
  echo "$long"
  echo "check-source-shape: $(echo "$long" | wc -l) lines over $MAX_WIDTH characters (break strings and comments by hand)"
  status=1
fi

if [ "${1:-}" = "--files" ]; then
  big=$(sources apps libs | xargs -r wc -l | awk -v max="$MAX_LINES" '$2 != "total" && $1 > max { print $2 ": " $1 " lines" }')
  if [ -n "$big" ]; then
    echo "$big"
    echo "check-source-shape: files over $MAX_LINES lines (split them by responsibility)"
    status=1
  fi
fi
exit $status
