#!/usr/bin/env bash
# `npm run console:screenshots`: a PNG of every main screen of the web console, per role, in zh-CN and English,
# into out/screenshots/<locale>/, against a demo park of its own (its own database, dropped afterwards).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/node-runtime.sh
bash scripts/ensure-deps.sh
bash deploy/local/infra.sh up
bash scripts/ensure-chromium.sh
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/park_test}"
echo "build: swc + vite"
npm run --silent build >/dev/null
npx jest --selectProjects screenshots --runInBand --forceExit
