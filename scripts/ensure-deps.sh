#!/usr/bin/env bash
# Installs npm dependencies when they are missing or older than the lockfile (idempotent, offline-safe).
# `npm ci` is not used: chdb and @swc/core have per-platform optional packages this registry only has for
# Linux, so the lockfile lacks the others and `npm ci` refuses it; `npm install` with the lockfile works.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=node_modules/.park-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "deps: npm install (first run downloads ~1 GB, mostly the embedded ClickHouse engine)…"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
# The generated Prisma client must match the schema (postinstall does it; a changed schema needs it again).
if [ ! -f node_modules/.prisma/client/index.js ] || [ prisma/schema.prisma -nt node_modules/.prisma/client/index.js ]; then
  npx prisma generate >/dev/null
fi
