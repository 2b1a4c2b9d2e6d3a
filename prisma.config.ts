// Prisma CLI configuration: offline, with the bundled WASM schema engine driven through the pg adapter.
// Prisma 7's CLI (and 6.x without `engine: 'js'`) downloads a native engine at every command, which fails
// in an air-gapped park. Two bugs of @prisma/adapter-pg 6.19.3 are worked around here, see below.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

// (1) The adapter cannot map PostgreSQL system-catalog column types (name, "char", regproc, …), which the
// schema engine reads while introspecting. Their text form is what the engine wants, so they are presented
// to the adapter as text (OID 25), and their arrays as text[] (OID 1009).
const CATALOG_TYPES_AS_TEXT = new Set([
  18, 19, 22, 24, 27, 28, 29, 30, 194, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089, 4096,
]);
const CATALOG_ARRAYS_AS_TEXT_ARRAY = new Set([1003, 1006, 1008, 1010, 1011, 1012, 1013]);

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function presentCatalogTypesAsText<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = 25;
    else if (CATALOG_ARRAYS_AS_TEXT_ARRAY.has(field.dataTypeID)) field.dataTypeID = 1009;
  }
  return result;
}

class CatalogFriendlyClient extends pg.Client {
  // pg calls query() both with a trailing callback (from Pool.query) and as a promise (from the adapter).
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (err: Error | null, result?: unknown) => void;
      args[args.length - 1] = (err: Error | null, result?: unknown) =>
        callback(err, err ? result : presentCatalogTypesAsText(result));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<unknown>).then(presentCatalogTypesAsText) as never;
    }
    return out as never;
  }
}

function poolFor(connectionString: string, database?: string): pg.Pool {
  const url = new URL(connectionString);
  if (database) url.pathname = `/${database}`;
  return new pg.Pool({
    connectionString: url.toString(),
    Client: CatalogFriendlyClient as unknown as typeof pg.Client,
    max: 4,
  });
}

// (2) The adapter's own shadow database ignores the database name when built from a connection string, and
// drops the database before closing its pool. `migrate dev` gets a shadow database made and dropped here.
class OfflineMigrateAdapterFactory extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super(poolFor(connectionString));
  }

  override async connectToShadowDb() {
    const admin = poolFor(this.connectionString);
    const database = `prisma_shadow_${globalThis.crypto.randomUUID().replace(/-/g, '')}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadow = poolFor(this.connectionString, database);
    const adapter = await new PrismaPg(shadow).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadow.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.end();
    };
    return adapter;
  }
}

// The schema reads env("DATABASE_URL"); a placeholder is enough for `prisma generate`, which never connects.
process.env.DATABASE_URL ??= 'postgresql://park@127.0.0.1:5432/park';
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    return new OfflineMigrateAdapterFactory(databaseUrl);
  },
});
