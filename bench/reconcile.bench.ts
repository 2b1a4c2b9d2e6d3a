/**
 * `npm run bench:reconcile`: reconciles 30 days × 20 clusters of usage in ClickHouse, kinds a (agent manifests vs raw
 * records) and b (hourly rollups vs raw slices, and duplicate keys): the two that read every record. Records are
 * generated inside ClickHouse (INSERT … SELECT FROM numbers()) into the real raw table, with slices cut pro rata by
 * time as the gateway cuts them (a record crossing an hour has two), so the materialized view builds the rollup as
 * the sink's inserts do; the manifests are the raw records' own sums, so the park is clean and the run must find
 * nothing. BENCH_RECONCILE_RECORDS (default 50,000,000) sets the size; BENCH_RECONCILE_KEEP=1 keeps the data.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createClickHouseClient, migrateClickHouse } from '@park/clickhouse';
import { UsageReconciliations, countsOf, type KindOutcome } from '@park/reconciliation';
import { ReconciliationQueries } from '@park/usage-pipeline';
import { ROOT } from './bench-support';

const N = Number(process.env.BENCH_RECONCILE_RECORDS ?? 50_000_000);
const DAYS = 30;
const CLUSTERS = 20;
const TENANTS_PER_CLUSTER = 25;
const CHUNK = 10_000_000;
const FROM = Date.UTC(2026, 9, 1); // 2026-10-01, 30 days
const TO = FROM + DAYS * 86_400_000;

/** Where the wall time goes: each ClickHouse read of the run with its own wall time (reads of a kind overlap). */
function timed(queries: ReconciliationQueries, log: (m: string) => void): ReconciliationQueries {
  return new Proxy(queries, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'constructor') return value;
      return async (...args: unknown[]) => {
        const t0 = process.hrtime.bigint();
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        log(`    ${String(key)}: ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
        return result;
      };
    },
  });
}

async function main(): Promise<void> {
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const dataDir = process.env.BENCH_RECONCILE_DATA_DIR ?? path.join(ROOT, '.local', 'bench-reconcile-clickhouse');
  const database = 'bench_reconcile';
  const client = createClickHouseClient({ kind: 'embedded', dataDir, database });
  try {
    await migrateClickHouse(client, { database });
    const count = async (table: string) =>
      Number(
        (
          await (
            await client.query({ query: `SELECT count() AS n FROM ${database}.${table}`, format: 'JSONEachRow' })
          ).json<{ n: string }>()
        )[0].n,
      );
    if ((await count('usage_records')) !== N) {
      log(`loading ${N} records over ${DAYS} days × ${CLUSTERS} clusters…`);
      for (const t of ['usage_records', 'usage_hourly', 'usage_manifests'])
        await client.command({ query: `TRUNCATE TABLE ${database}.${t}` });
      const started = Date.now();
      const spanSeconds = (TO - FROM) / 1000 - 3_600;
      for (let offset = 0; offset < N; offset += CHUNK) {
        const size = Math.min(CHUNK, N - offset);
        // time grows with n, so each cluster's event ids grow with time (as the README asks of agents)
        await client.command({
          query: `INSERT INTO ${database}.usage_records (cluster_id, event_id, tenant_id, job_id, job_type, sku,
            quantity, device_count,
              started_at, ended_at, attributes, slice_quantities, kafka_partition, kafka_offset)
            SELECT cluster_id, event_id, tenant_id, job_id, job_type, sku, quantity, devices, started, ended,
              map('project', 'bench'),
                   if(second_part = 0, [quantity], [first_part, quantity - first_part]), 0, n
            FROM (
              SELECT number + ${offset} AS n,
                     n % ${CLUSTERS} AS c,
                     concat('cl-', toString(c)) AS cluster_id,
                     concat('ev-', leftPad(toString(n), 10, '0')) AS event_id,
                     concat('tenant-', toString(c * ${TENANTS_PER_CLUSTER} + cityHash64(n, 1) %
                       ${TENANTS_PER_CLUSTER})) AS tenant_id,
                     concat('job-', toString(intDiv(n, 7))) AS job_id,
                     ['training', 'inference', 'render', 'development', 'other'][1 + cityHash64(n, 2) % 5] AS job_type,
                     ['gpu.h100-80g', 'gpu.a800-80g', 'gpu.l40s-48g', 'gpu.ascend-910b', 'gpu.mlu370-x8',
                       'gpu.hygon-dcu-z100', 'cpu.core', 'render.node'][1 + cityHash64(n, 3) % 8] AS sku,
                     toUInt32(1 + cityHash64(n, 4) % 8) AS devices,
                     toDateTime64(${FROM / 1000} + intDiv(n * ${spanSeconds}, ${N}), 3, 'UTC') AS started,
                     toUInt32(60 + cityHash64(n, 7) % 3000) AS seconds,
                     started + toIntervalSecond(seconds) AS ended,
                     toDecimal128(devices * seconds, 6) AS quantity,
                     -- the part after the hour boundary, pro rata by time and exact to 6 places
                     -- (the rest is the first slice's)
                     greatest(0, toInt64(toUnixTimestamp(ended)) - toInt64(toUnixTimestamp(toStartOfHour(started))) -
                       3600) AS second_part,
                     toDecimal128(quantity * toDecimal128(seconds - second_part, 6) / toDecimal128(seconds, 6), 6) AS
                       first_part
              FROM numbers(${size})
            )`,
          clickhouse_settings: { max_insert_threads: '2' },
        });
        log(`  ${offset + size} records (${Math.round((offset + size) / ((Date.now() - started) / 1000))} records/s)`);
      }
      // the agents' manifests: what they sent, per cluster × UTC day of ended_at × tenant × SKU
      await client.command({
        query: `INSERT INTO ${database}.usage_manifests (cluster_id, day, record_count, line_tenant, line_sku,
          line_count, line_quantity, received_at, request_id)
          SELECT cluster_id, day, sum(n), groupArray(tenant_id), groupArray(sku), groupArray(n), groupArray(q),
            now64(3), 'bench'
          FROM (SELECT cluster_id, toDate(ended_at) AS day, tenant_id, sku, count() AS n, sum(quantity) AS q
                FROM ${database}.usage_records GROUP BY cluster_id, day, tenant_id, sku)
          GROUP BY cluster_id, day`,
      });
      log(
        `loaded in ${((Date.now() - started) / 1000).toFixed(0)} s; rollup rows ${await count('usage_hourly')}, ` +
          `manifests ${await count('usage_manifests')}`,
      );
    }

    const kinds = new UsageReconciliations(timed(new ReconciliationQueries(client, database), log));
    const window = { from: FROM, to: TO };
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const outcomes: KindOutcome[] = [];
    for (const kind of [() => kinds.manifests(window), () => kinds.rollups(window)]) {
      const k0 = process.hrtime.bigint();
      const outcome = await kind();
      outcomes.push(outcome);
      log(
        `  ${outcome.kind}: ${JSON.stringify(countsOf(outcome))} in ` +
          `${(Number(process.hrtime.bigint() - k0) / 1e9).toFixed(1)} s`,
      );
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    // the embedded engine's threads are this process's: its CPU time says what the run costs on a busy machine
    log(
      `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (this process, ClickHouse included), load average ` +
        `${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
    const findings = outcomes.flatMap((o) => o.findings);
    if (findings.length > 0)
      throw new Error(
        `a clean park gave ${findings.length} findings, e.g. ${findings
          .slice(0, 3)
          .map((f) => f.message)
          .join('; ')}`,
      );
    const clusterDays = outcomes[0].matched;
    if (clusterDays < DAYS * CLUSTERS)
      throw new Error(`only ${clusterDays} cluster-days compared; expected at least ${DAYS * CLUSTERS}`);
    log(
      `reconcile: ${DAYS} days × ${CLUSTERS} clusters over ${await count('usage_records')} records in ` +
        `${seconds.toFixed(1)} s`,
    );
  } finally {
    await client.close();
    if (process.env.BENCH_RECONCILE_KEEP !== '1' && process.env.BENCH_RECONCILE_DATA_DIR === undefined)
      fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:reconcile failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
