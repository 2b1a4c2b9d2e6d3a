#!/usr/bin/env bash
# Runs a built entry point on Node 24 (scripts/node-runtime.sh), e.g. `npm run agent -- push …`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-runtime.sh"
exec node --enable-source-maps "$@"
