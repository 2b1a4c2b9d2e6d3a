import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { freePort, startApp } from '../../bench/bench-support';
import { httpAs, OPERATOR_FINANCE } from '../support/auth-tokens';
import { uniqueId } from '../support/test-config';
import { workerClickHouse, type UsageRecordInput } from '../support/worker-clickhouse';
import { billingApp, BillingWorld } from '../integration/billing-park.fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER_MAIN = path.join(ROOT, 'dist/apps/reconciliation-worker/src/main.js');
const TENANTS = 1_000;
const PERIOD = '2026-07';
const USAGE_START = Date.parse('2026-07-05T00:00:00Z');
const HOURS = 3; // 3 H100-hours at 10.00 = 30.00, a 20 % voucher takes 6.00 off
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 14, "done when": the reconciliation worker is SIGKILLed in the middle of the close of 1,000 tenants and
 * restarted. The close then finishes with exactly one issued statement and one redemption per tenant, and
 * reconciliation (statements, ledger, claims) is clean. The worker runs as the built app with an embedded ClickHouse
 * directory of its own, which the test seeds (and later reconciles) from a child process while the worker is stopped.
 */
describe('a close of 1,000 tenants through a SIGKILL of the worker', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'park-close-kill-'));
  const timings: string[] = [];
  let api: INestApplication;
  let world: BillingWorld;
  let config: AppConfig;
  let workerEnv: NodeJS.ProcessEnv;
  let worker: ChildProcess | undefined;

  const timed = async <T>(label: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await step();
    timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  const killWorker = async () => {
    const w = worker;
    if (!w || w.exitCode !== null || w.signalCode !== null) return;
    const exited = new Promise((r) => w.once('exit', r));
    w.kill('SIGKILL');
    await exited;
  };
  const startWorker = async () => {
    const port = await freePort();
    worker = await startApp('reconciliation-worker', { ...workerEnv, PORT: String(port) }, port);
  };
  const issuedCount = async () => {
    const [row] = await world.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM statements s JOIN tenants t ON t.id = s.tenant_id
      WHERE t.park_id = ${world.parkId} AND s.period_id = ${PERIOD} AND s.status = 'issued'`;
    return row.n;
  };

  beforeAll(async () => {
    if (!fs.existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run \`npm run build\` first`);
    api = await billingApp({ closeWorker: false });
    config = api.get<AppConfig>(APP_CONFIG);
    world = await new BillingWorld(api).setUp();
    workerEnv = {
      ...process.env,
      PARK_MODE: 'test',
      PARK_DEMO: '0',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      DATABASE_URL: config.postgres.url,
      REDIS_URL: config.redis.url,
      QUEUE_PREFIX: config.redis.queuePrefix,
      KAFKA_BROKERS: [config.kafka.brokers].flat().join(','),
      KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix,
      KAFKA_USAGE_PARTITIONS: '3',
      CLICKHOUSE_DATA_DIR: path.join(dataDir, 'worker-ch'),
      CLICKHOUSE_DATABASE: config.clickhouse.database,
    };
  });

  afterAll(async () => {
    await killWorker();
    await api?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('issues exactly 1,000 statements, one set of ledger entries each, and reconciles clean', async () => {
    const programmeId = await world.programme({ ratio: '0.2', eligibility: { resourceClasses: ['ai'] } });
    const tenants = await timed(`seed ${TENANTS} tenants and grants (PostgreSQL)`, async () => {
      const ids: string[] = [];
      for (let i = 0; i < TENANTS; i += 25) {
        const batch = Array.from({ length: Math.min(25, TENANTS - i) }, async (_, j) => {
          const tenantId = await world.tenant(`k${i + j}-`);
          await world.grant(tenantId, programmeId, '100.00');
          return tenantId;
        });
        ids.push(...(await Promise.all(batch)));
      }
      return ids;
    });
    const records: UsageRecordInput[] = tenants.map((tenantId, offset) => {
      const eventId = uniqueId('ev');
      return {
        record: {
          ...{ eventId, jobId: eventId, clusterId: `${world.parkId}-gpu`, tenantId, jobType: 'training' },
          ...{ sku: 'gpu.h100-80g', quantity: String(HOURS * 3600), deviceCount: 1, attributes: {} },
          ...{ startedAt: USAGE_START, endedAt: USAGE_START + HOURS * 3_600_000 },
        },
        partition: 0,
        offset: String(offset),
      };
    });
    await timed('seed usage (ClickHouse, child process)', () => workerClickHouse.insertRecords(workerEnv, records));

    const finance = await httpAs(api, OPERATOR_FINANCE);
    const started = (await finance.post(`/v1/periods/${PERIOD}/close`).send({ parkId: world.parkId }).expect(201)).body;
    expect(started).toMatchObject({ status: 'closing', tenantCount: TENANTS, enqueued: TENANTS });
    const closeStarted = Date.now();
    await timed('start the worker', startWorker);
    const issuedAtKill = await timed('close until the SIGKILL', async () => {
      while ((await issuedCount()) < 100) await sleep(100);
      await killWorker();
      return issuedCount();
    });
    process.stdout.write(`worker SIGKILLed with ${issuedAtKill} of ${TENANTS} statements issued\n`);
    expect(issuedAtKill).toBeGreaterThan(0);
    expect(issuedAtKill).toBeLessThan(TENANTS);

    await timed('restart the worker', startWorker);
    const closed = await timed('rest of the close', () => world.close.waitUntilClosed(world.parkId, PERIOD, 170_000));
    timings.push(`close in all: ${((Date.now() - closeStarted) / 1000).toFixed(1)} s`);
    expect(closed).toMatchObject({ status: 'closed', tenantCount: TENANTS, issuedCount: TENANTS });
    await timed('stop the worker', killWorker);

    const ours = { tenantId: { in: tenants } };
    const statements = await world.prisma.statement.findMany({ where: { ...ours, periodId: PERIOD } });
    expect(statements).toHaveLength(TENANTS);
    expect(new Set(statements.map((s) => s.tenantId)).size).toBe(TENANTS);
    expect(new Set(statements.map((s) => `${s.status} ${s.gross.toFixed(2)} ${s.deductions.toFixed(2)}`))).toEqual(
      new Set(['issued 30.00 6.00']),
    );
    // one redemption per tenant, on its statement, with one set of postings
    const redemptions = await world.prisma.ledgerTransaction.findMany({
      where: { ...ours, kind: 'redemption' },
      include: { postings: true },
    });
    expect(redemptions.map((t) => t.tenantId).sort()).toEqual([...tenants].sort());
    const statementOf = new Map(statements.map((s) => [s.tenantId, s.id]));
    expect(redemptions.filter((t) => t.statementId !== statementOf.get(t.tenantId!))).toEqual([]);
    expect(new Set(redemptions.map((t) => t.postings.length)).size).toBe(1);
    const counters = await world.prisma.voucherCounter.findMany({ where: { ...ours, programmeId } });
    // each tenant's counters (the year's, and the cumulative one, year 0) hold its one redemption
    expect(counters).toHaveLength(2 * TENANTS);
    expect(new Set(counters.map((c) => `${c.year} ${c.used.toFixed(2)}`))).toEqual(new Set(['2026 6.00', '0 6.00']));

    const window = { from: Date.parse('2026-07-01T00:00:00Z'), to: Date.parse('2026-08-01T00:00:00Z') };
    const outcomes = await timed('reconcile statements, ledger, claims', () =>
      workerClickHouse.reconcile(workerEnv, world.parkId, window),
    );
    expect(outcomes.map((o) => [o.kind, o.findings])).toEqual([
      ['statements', []],
      ['ledger', []],
      ['claims', []],
    ]);
    expect(outcomes[0].matched).toBe(TENANTS); // one SKU × job type per tenant-period
    expect(outcomes[1].matched).toBeGreaterThanOrEqual(2 * TENANTS); // grant issues and redemptions, balanced
    process.stdout.write(`close through a worker SIGKILL, ${TENANTS} tenants:\n  ${timings.join('\n  ')}\n`);
  }, 300_000);
});
