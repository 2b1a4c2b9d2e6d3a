#!/usr/bin/env bash
# Drafts a Prisma migration from the schema offline: `npm run db:draft -- <snake_name>`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
name="${1:?usage: npm run db:draft -- <snake_name>}"
[[ "$name" =~ ^[a-z0-9_]+$ ]] || { echo "migration name must be snake_case" >&2; exit 2; }
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/park}"
sql="$(npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script)"
if ! grep -q '[A-Za-z]' <<<"$(grep -v '^--' <<<"$sql")"; then echo "schema and migrations agree: nothing to draft"; exit 0; fi
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "drafted $dir/migration.sql — review it, then commit"
