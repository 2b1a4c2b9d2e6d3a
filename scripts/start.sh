#!/usr/bin/env bash
# `npm start`: dependencies, local infrastructure, migrations, then `park` (all apps in one process).
# Ctrl-C stops park cleanly; the local Kafka broker keeps running for the next start (`npm run infra:down`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/node-runtime.sh
bash scripts/ensure-deps.sh
bash deploy/local/infra.sh up
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/park}"
echo "migrations: PostgreSQL"
npx prisma migrate deploy >/dev/null
echo "build: swc (apps) + vite (console)"
npm run --silent build >/dev/null
source scripts/node-options.sh
echo "park: starting (ClickHouse migrations and Kafka topics are applied at boot)"
exec node --enable-source-maps dist/apps/park/src/main.js
