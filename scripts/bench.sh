#!/usr/bin/env bash
# `npm run bench:<name>`: the same set-up as `npm start` (deps, infra, migrations, build), then one benchmark.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name="${1:?usage: scripts/bench.sh ingest|query|close|lookup|reconcile}"
source scripts/node-runtime.sh
bash scripts/ensure-deps.sh
PARK_DATABASES="park park_test park_bench park_bench_ingest" bash deploy/local/infra.sh up >/dev/null
DATABASE_URL="${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/park_bench}" npx prisma migrate deploy >/dev/null
DATABASE_URL="${BENCH_INGEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/park_bench_ingest}" npx prisma migrate deploy >/dev/null
npm run --silent build >/dev/null
source scripts/node-options.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), node $(node --version), NODE_OPTIONS=${NODE_OPTIONS}"
exec node --enable-source-maps "dist/bench/$name.bench.js"
