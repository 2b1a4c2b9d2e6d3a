import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { uniqueId } from './test-config';

const MIGRATIONS = join(__dirname, '../../prisma/migrations');

/** A data migration's test: a private database of its own, stepped through the committed migrations one by one. */
export interface MigrationSteps {
  /** The committed migrations, in the order Prisma applies them. */
  readonly migrations: readonly string[];
  /** The private database (connected from beforeAll on). */
  readonly db: pg.Client;
  /** Applies one migration's SQL as Prisma would. */
  apply(name: string): Promise<unknown>;
}

/** Registers beforeAll/afterAll that create and drop the private database; use its members inside tests. */
export function useMigrationSteps(): MigrationSteps {
  const migrations = readdirSync(MIGRATIONS)
    .filter((d) => /^\d{14}_/.test(d))
    .sort();
  const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/park_test';
  const database = uniqueId('park_mig_').toLowerCase();
  const admin = new pg.Client({ connectionString: baseUrl });
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  const db = new pg.Client({ connectionString: url.toString() });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await db.connect();
  });

  afterAll(async () => {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.end();
  });

  const apply = async (name: string) => db.query(readFileSync(join(MIGRATIONS, name, 'migration.sql'), 'utf8'));
  return { migrations, db, apply };
}
