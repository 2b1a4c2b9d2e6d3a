/**
 * `npm run bench:lookup`: what the sink's key look-up (StoredRecordQueries.findStored) costs as usage_records
 * grows, for the simulator's sequential event ids and for random ones (UUIDs, as Kubernetes pod UIDs are).
 * The raw table is ordered by (cluster_id, event_id): a run's new keys are found by primary-key ranges, and when
 * they are random those ranges cover every granule of the cluster, so the look-up reads more as the table grows.
 * Environment: BENCH_LOOKUP_ROWS (table sizes, default "100000,600000,2000000,5000000"), BENCH_LOOKUP_KEYS (6000).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectClickHouse, migrateClickHouse } from '@park/clickhouse';
import { StoredRecordQueries, UsageRecordsRepository, UsageRow, type StoredRowInput } from '@park/usage-pipeline';
import { createPark, recordStream, validateRecord } from '@park/usage-domain';
import { ROOT } from './bench-support';

const SIZES = (process.env.BENCH_LOOKUP_ROWS ?? '100000,600000,2000000,5000000').split(',').map(Number);
const KEYS = Number(process.env.BENCH_LOOKUP_KEYS ?? 6_000);
const INSERT_ROWS = 50_000;

async function measure(ids: 'sequential' | 'uuid'): Promise<string[]> {
  const dataDir = path.join(ROOT, '.local', `bench-lookup-${ids}-${Date.now().toString(36)}`);
  const connection = connectClickHouse({ kind: 'embedded', dataDir, database: 'lookup' });
  try {
    await migrateClickHouse(connection.client, { database: 'lookup' });
    const repository = new UsageRecordsRepository(connection, 'lookup');
    const lookups = new StoredRecordQueries(connection.client, 'lookup');
    const park = createPark(2026, { tenants: 40, clusters: 5, prefix: 'lk' });
    const now = Date.now();
    const stream = recordStream(park, {
      from: now - 20 * 86_400_000,
      to: now - 120_000,
      count: Math.max(...SIZES) * 2,
      seed: 3,
    });
    let offset = 0;
    const rows = (n: number): StoredRowInput[] => {
      const out: StoredRowInput[] = [];
      while (out.length < n) {
        const wire = stream.next().value;
        if (!wire) throw new Error('the simulator ran out of records');
        if (ids === 'uuid') wire.event_id = randomUUID();
        const v = validateRecord(wire, {
          clusterId: wire.cluster_id,
          boundTenants: 'unchecked',
          catalogue: park.catalogue,
          now,
        });
        if (v.ok) out.push({ row: UsageRow.of(v.record), partition: 0, offset: String(offset++) });
      }
      return out;
    };
    const lines: string[] = [];
    let stored = 0;
    for (const size of SIZES) {
      while (stored < size) {
        const batch = rows(Math.min(INSERT_ROWS, size - stored));
        await repository.insertRows(batch);
        stored += batch.length;
      }
      // merged as a long-running table would be, so the number of parts does not blur the picture
      await connection.client.command({ query: 'OPTIMIZE TABLE lookup.usage_records FINAL' });
      const fresh = rows(KEYS);
      const keys = fresh.map(({ row }) => ({ clusterId: row.clusterId, eventId: row.eventId }));
      const repeats = 5;
      const before = process.cpuUsage();
      const started = Date.now();
      for (let i = 0; i < repeats; i++) await lookups.findStored(keys);
      const cpu = process.cpuUsage(before);
      const cpuMs = (cpu.user + cpu.system) / 1000 / repeats;
      lines.push(
        `${ids} ids, ${stored} rows: ${KEYS} new keys in ${((Date.now() - started) / repeats).toFixed(1)} ms, ` +
          `${cpuMs.toFixed(1)} ms CPU, ${((cpuMs * 1000) / KEYS).toFixed(2)} µs CPU per key`,
      );
      process.stdout.write(`${lines[lines.length - 1]}\n`);
      await repository.insertRows(fresh);
      stored += fresh.length;
    }
    return lines;
  } finally {
    await connection.client.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sequential = await measure('sequential');
  const random = await measure('uuid');
  const last = (lines: string[]) => /([\d.]+) µs CPU per key$/.exec(lines[lines.length - 1])?.[1];
  process.stdout.write(
    `lookup: ${last(sequential)} µs per key with sequential ids, ${last(random)} µs per key with random ids, at ` +
      `${Math.max(...SIZES)} rows\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:lookup failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
