/**
 * `npm run bench:close`: a park of 10,000 tenants × 20 SKUs with vouchers (a pooled voucher for everyone, a
 * city + district render pair for a quarter of them), rollup rows inserted straight into ClickHouse usage_hourly,
 * then one period closed through the real path: one BullMQ job per tenant, each issuing its statement in one
 * PostgreSQL transaction. Dedicated PostgreSQL database (park_bench_close, recreated) and ClickHouse database.
 * Last line: `close: <T> tenants in <S> s, <R> statements/s`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as inspector from 'node:inspector/promises';
import * as path from 'node:path';
import pg from 'pg';
import { PeriodCloseService, BillingModule } from '@park/billing';
import { periodOf, previousPeriod } from '@park/billing-domain';
import { ClickHouseService } from '@park/clickhouse';
import { loadConfig } from '@park/config';
import { PrismaService } from '@park/db';
import { createLogger } from '@park/logging';
import { createApp } from '@park/platform';
import { PeriodCloseWorkerModule } from '../apps/reconciliation-worker/src/period-close-worker.module';
import { ROOT } from './bench-support';
import { loadBenchUsage, seedBenchPark } from './close-park.seeder';

const TENANTS = Number(process.env.BENCH_CLOSE_TENANTS ?? 10_000);

async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^park_bench_close\w*$/.test(name))
    throw new Error(`refusing to recreate ${name}: the close bench only recreates park_bench_close*`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const migrate = spawnSync('npx', ['prisma', 'migrate', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migrate.stderr}`);
}

/** `BENCH_CLOSE_PROFILE=<file>`: a CPU profile of the close alone (open it in Chrome's DevTools), not the set-up. */
async function startProfile(file: string | undefined): Promise<{ stop(log: (m: string) => void): Promise<void> }> {
  if (!file) return { stop: async () => undefined };
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(log) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      log(`CPU profile of the close: ${file}`);
    },
  };
}

async function main(): Promise<void> {
  const log = (m: string) => process.stdout.write(`${m}\n`);
  // A database of its own, dropped and recreated each run (the other benchmarks use park_bench).
  const databaseUrl = process.env.BENCH_CLOSE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/park_bench_close';
  const config = loadConfig({
    PARK_MODE: 'test',
    LOG_LEVEL: 'warn',
    PARK_DEMO: '0',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '16',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    QUEUE_PREFIX: `bench-close-${Date.now().toString(36)}`,
    CLICKHOUSE_DATA_DIR: process.env.BENCH_CLOSE_DATA_DIR ?? path.join(ROOT, '.local', 'bench-close-clickhouse'),
    CLICKHOUSE_DATABASE: 'bench_close',
  });
  log(
    `preparing: PostgreSQL ${new URL(databaseUrl).pathname.slice(1)} (recreated), ClickHouse bench_close, ` +
      `${TENANTS} tenants × 20 SKUs`,
  );
  await recreateDatabase(databaseUrl);
  const app = await createApp(config, createLogger({ app: 'bench-close', level: 'warn' }), {
    app: 'bench-close',
    dependencies: ['postgres', 'redis', 'clickhouse'],
    features: [BillingModule, PeriodCloseWorkerModule],
    prepare: {},
  });
  const ch = app.get(ClickHouseService);
  await ch.client.command({ query: `DROP DATABASE IF EXISTS ${ch.database} SYNC` });
  await ch.migrate();
  await app.init();
  try {
    const period = previousPeriod(periodOf(new Date()));
    const parkId = 'bench';
    let t = Date.now();
    await seedBenchPark(app.get(PrismaService).client, { parkId, tenants: TENANTS, period });
    log(`seeded ${TENANTS} tenants with grants in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const rows = await loadBenchUsage(ch.client, ch.database, { tenants: TENANTS, period });
    log(`loaded ${rows} rollup rows into ClickHouse in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const close = app.get(PeriodCloseService);
    const profile = await startProfile(process.env.BENCH_CLOSE_PROFILE);
    const started = Date.now();
    await close.startClose({ parkId, periodId: period });
    const closed = await close.waitUntilClosed(parkId, period, 15 * 60_000);
    const seconds = (Date.now() - started) / 1000;
    await profile.stop(log);
    const totals = await app.get(PrismaService).client.statement.aggregate({
      where: { periodId: period, status: 'issued' },
      _sum: { gross: true, deductions: true, netPayable: true },
      _count: true,
    });
    log(
      `period ${period}: ${closed.issuedCount} statements; gross ${totals._sum.gross?.toFixed(2)}, vouchers ` +
        `${totals._sum.deductions?.toFixed(2)}, net ${totals._sum.netPayable?.toFixed(2)}`,
    );
    const pools = await app
      .get(PrismaService)
      .client.voucherCounter.findMany({ where: { tenantId: '' }, orderBy: { programmeId: 'asc' } });
    log(
      `voucher pools used: ${pools.map((p) => `${p.programmeId} ${p.used.toFixed(2)}`).join(', ')} (bench-voucher ` +
        `budget 25000000.00)`,
    );
    log(
      `close: ${closed.issuedCount} tenants in ${seconds.toFixed(1)} s, ` +
        `${(closed.issuedCount / seconds).toFixed(0)} statements/s`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:close failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
