import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { renderDdl, splitStatements, type DdlTarget } from './ddl-template';

/** Committed, ordered ClickHouse migrations: `NNNN_name.sql` in libs/clickhouse/migrations. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const migrations = files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`ClickHouse migration ${file} must be named NNNN_snake_name.sql`);
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version: Number(match[1]), name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `ClickHouse migrations must be numbered 0001, 0002, … without gaps; found ${m.version} at position ${i + 1}`,
      );
  });
  return migrations;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies what is missing, in order, and records each in `schema_migrations`. A recorded migration whose
 * file has changed since is an error: committed migrations are never edited, a new one is added instead.
 */
export async function migrateClickHouse(
  client: ClickHouseClient,
  target: DdlTarget,
  dir = MIGRATIONS_DIR,
): Promise<MigrationReport> {
  const migrations = readMigrations(dir);
  await client.command({ query: renderDdl('CREATE DATABASE IF NOT EXISTS {{database}} {{on_cluster}}', target) });
  await client.command({
    query: renderDdl(
      `CREATE TABLE IF NOT EXISTS {{database}}.schema_migrations {{on_cluster}}
         (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
       ENGINE = {{replicated}}MergeTree ORDER BY version`,
      target,
    ),
  });
  const rows = await (
    await client.query({
      query: `SELECT version, checksum FROM ${target.database}.schema_migrations ORDER BY version`,
      format: 'JSONEachRow',
    })
  ).json<{ version: number | string; checksum: string }>();
  const recorded = new Map(rows.map((r) => [Number(r.version), r.checksum]));

  const applied: string[] = [];
  for (const m of migrations) {
    const checksum = recorded.get(m.version);
    if (checksum !== undefined) {
      if (checksum !== m.checksum) {
        throw new Error(
          `ClickHouse migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`,
        );
      }
      continue;
    }
    for (const statement of splitStatements(renderDdl(m.sql, target))) {
      await client.command({ query: statement });
    }
    await client.insert({
      table: `${target.database}.schema_migrations`,
      values: [{ version: m.version, name: m.name, checksum: m.checksum }],
      format: 'JSONEachRow',
    });
    applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
  }
  return { applied, alreadyApplied: recorded.size };
}
