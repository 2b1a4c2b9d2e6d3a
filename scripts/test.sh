#!/usr/bin/env bash
# `npm test`: dependencies, local infrastructure, the test database's migrations, then typecheck, lint,
# unit tests and integration tests against the real PostgreSQL, Redis, Kafka and ClickHouse engine.
# Integration tests use the `park_test` database, their own topic/queue prefixes and ClickHouse databases.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
source scripts/node-runtime.sh
bash scripts/ensure-deps.sh
bash deploy/local/infra.sh up
# the browser tests (test/browser) drive Debian's Chromium headless
bash scripts/ensure-chromium.sh
# the papers test renders PDFs to PNG and reads their text with poppler-utils
bash scripts/ensure-poppler.sh
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/park_test}"
echo "migrations: PostgreSQL (park_test)"
DATABASE_URL="$TEST_DATABASE_URL" npx prisma migrate deploy >/dev/null
echo "node: $(node --version)"
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
# the console is a DOM/JSX project of its own (apps/console/tsconfig.json)
npx tsc -p apps/console/tsconfig.json
echo "== lint"
npx eslint . --max-warnings=0
npm run --silent format:check
bash scripts/check-source-shape.sh --files
echo "== unit"
npx jest --selectProjects unit --ci
echo "== build (the fault, agent and browser tests run the built apps and console)"
npm run --silent build >/dev/null
echo "== integration"
# --forceExit: kafkajs and chDB can keep a handle open past the last test; the run must still end
npx jest --selectProjects integration --runInBand --ci --forceExit
echo "npm test: all green in $(( $(date +%s) - started )) s"
