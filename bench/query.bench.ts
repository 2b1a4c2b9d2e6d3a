/**
 * `npm run bench:query`: loads a park's worth of usage records into ClickHouse (default 100 M, BENCH_QUERY_RECORDS
 * to change) and times the query behind a tenant's month-to-date bill by SKU (UsageRollupQueries.quantitiesBySku,
 * which reads the hourly rollup). Records are generated inside ClickHouse (INSERT … SELECT FROM numbers()) into the
 * real raw table, so the materialized views build the rollups exactly as the sink's inserts do: 2,000 tenants,
 * 8 SKUs, 5 job types, 10 clusters, spread over the current month; each record lies within one hour.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClickHouseClient, migrateClickHouse } from '@park/clickhouse';
import { UsageRollupQueries } from '@park/usage-pipeline';
import { percentile, ROOT } from './bench-support';

const N = Number(process.env.BENCH_QUERY_RECORDS ?? 100_000_000);
const CHUNK = 10_000_000;
const TENANTS = 2_000;
const QUERIES = Number(process.env.BENCH_QUERY_COUNT ?? 500);

async function main(): Promise<void> {
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const dataDir = process.env.BENCH_QUERY_DATA_DIR ?? path.join(ROOT, '.local', 'bench-query-clickhouse');
  const database = 'bench_query';
  const client = createClickHouseClient({ kind: 'embedded', dataDir, database });
  try {
    await migrateClickHouse(client, { database });
    // Asia/Shanghai month start
    const monthStart = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1) - 8 * 3_600_000;
    const now = Date.now();
    const spanSeconds = Math.max(3_600, Math.floor((now - monthStart) / 1000) - 3_600);
    const have = Number(
      (
        await (
          await client.query({ query: `SELECT count() AS n FROM ${database}.usage_records`, format: 'JSONEachRow' })
        ).json<{ n: string }>()
      )[0].n,
    );
    if (have !== N) {
      log(`loading ${N} records (found ${have}; reloading)…`);
      for (const t of ['usage_records', 'usage_hourly'])
        await client.command({ query: `TRUNCATE TABLE ${database}.${t}` });
      const started = Date.now();
      for (let offset = 0; offset < N; offset += CHUNK) {
        const count = Math.min(CHUNK, N - offset);
        await client.command({
          query: `INSERT INTO ${database}.usage_records (cluster_id, event_id, tenant_id, job_id, job_type, sku,
            quantity, device_count,
              started_at, ended_at, attributes, slice_hours, slice_quantities, kafka_partition, kafka_offset)
            SELECT cluster_id, event_id, tenant_id, job_id, job_type, sku, quantity, devices, started, ended,
              map('project', 'bench'),
                   [toStartOfHour(started)], [quantity], 0, n
            FROM (
              SELECT number + ${offset} AS n,
                     concat('cl-', toString(n % 10)) AS cluster_id,
                     concat('ev-', toString(n)) AS event_id,
                     concat('tenant-', toString(cityHash64(n, 1) % ${TENANTS})) AS tenant_id,
                     concat('job-', toString(intDiv(n, 7))) AS job_id,
                     ['training', 'inference', 'render', 'development', 'other'][1 + cityHash64(n, 2) % 5] AS job_type,
                     ['gpu.h100-80g', 'gpu.a800-80g', 'gpu.l40s-48g', 'gpu.ascend-910b', 'gpu.mlu370-x8',
                       'gpu.hygon-dcu-z100', 'cpu.core', 'render.node'][1 + cityHash64(n, 3) % 8] AS sku,
                     toUInt32(1 + cityHash64(n, 4) % 8) AS devices,
                     toDateTime64(toStartOfHour(toDateTime(${Math.floor(monthStart / 1000)} + cityHash64(n, 5) %
                       ${spanSeconds}, 'UTC')), 3, 'UTC') AS hour_start,
                     hour_start + toIntervalSecond(cityHash64(n, 6) % 1800) AS started,
                     started + toIntervalSecond(60 + cityHash64(n, 7) % 1500) AS ended,
                     toDecimal128(devices * dateDiff('second', started, ended), 6) AS quantity
              FROM numbers(${count})
            )`,
          clickhouse_settings: { max_insert_threads: '2' },
        });
        log(
          `  ${offset + count} records (${Math.round((offset + count) / ((Date.now() - started) / 1000))} records/s)`,
        );
      }
      await client.command({ query: `OPTIMIZE TABLE ${database}.usage_hourly FINAL` });
    }

    const queries = new UsageRollupQueries(client, database);
    // the rollup agrees with the raw records it came from (one tenant, checked once)
    const check = await queries.quantitiesBySku('tenant-7', monthStart, now + 3_600_000);
    const raw = await (
      await client.query({
        query:
          `SELECT sku, toString(sum(quantity)) AS quantity FROM ${database}.usage_records WHERE tenant_id = ` +
          `'tenant-7' GROUP BY sku ORDER BY sku`,
        format: 'JSONEachRow',
      })
    ).json<{ sku: string; quantity: string }>();
    if (JSON.stringify(check.map((c) => [c.sku, c.quantity])) !== JSON.stringify(raw.map((r) => [r.sku, r.quantity]))) {
      throw new Error(
        `rollup and raw records disagree for tenant-7: ${JSON.stringify(check)} vs ${JSON.stringify(raw)}`,
      );
    }

    for (let i = 0; i < 20; i++) await queries.quantitiesBySku(`tenant-${i}`, monthStart, now); // warm-up
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const tenant = `tenant-${(i * 7919) % TENANTS}`;
      const t0 = process.hrtime.bigint();
      await queries.quantitiesBySku(tenant, monthStart, now);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const rollupRows = (
      await (
        await client.query({ query: `SELECT count() AS n FROM ${database}.usage_hourly`, format: 'JSONEachRow' })
      ).json<{ n: string }>()
    )[0].n;
    log(`${QUERIES} queries over ${TENANTS} tenants; rollup rows: ${rollupRows}`);
    log(
      `query: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms for a tenant's ` +
        `month-to-date bill by SKU over ${N} records`,
    );
  } finally {
    await client.close();
    if (process.env.BENCH_QUERY_KEEP !== '1' && process.env.BENCH_QUERY_DATA_DIR === undefined)
      fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:query failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
