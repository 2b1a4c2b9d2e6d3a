import type { INestApplication } from '@nestjs/common';
import { periodBounds, type PeriodId } from '@park/billing-domain';
import { ClickHouseService } from '@park/clickhouse';
import { StoredRecordQueries, UsageRecordsRepository } from '@park/usage-pipeline';
import { generateRecords, type Park, type UsageRecord } from '@park/usage-domain';

const BATCH = 2_000;

/**
 * A month of simulated usage on an accelerated clock: the simulator generates the month's records at once and
 * they go through the sink's own repository (the rollups fill from the same inserts). Records already stored
 * (an earlier demo run against the same ClickHouse data) are skipped, exactly as the sink skips them.
 *
 * Why not through Kafka: the demo bills last month, which the gateway's retention window (35 days) partly refuses,
 * and `npm start` would wait for the sink before closing the period. Stored directly, the demo stays a second and
 * its statements stay the same; the records carry no Kafka position (OUTSIDE_KAFKA_PARTITION), because made-up
 * ones (partition 0, offsets 0…5999) made the real sink "recover" the whole demo month on its first message.
 */
export async function loadDemoUsage(
  app: INestApplication,
  park: Park,
  period: PeriodId,
  count: number,
): Promise<number> {
  const ch = app.get(ClickHouseService);
  const repo = new UsageRecordsRepository(ch, ch.database);
  const stored = new StoredRecordQueries(ch.client, ch.database);
  const { start, end } = periodBounds(period);
  const wire = generateRecords(park, {
    from: start.getTime() + 6 * 3_600_000,
    to: end.getTime() - 3_600_000,
    count,
    boundaryShare: 0.05,
  });
  let inserted = 0;
  for (let i = 0; i < wire.length; i += BATCH) {
    const records: UsageRecord[] = wire.slice(i, i + BATCH).map((w) => ({
      eventId: w.event_id,
      clusterId: w.cluster_id,
      tenantId: w.tenant_id,
      jobId: w.job_id,
      jobType: w.job_type,
      sku: w.sku,
      quantity: w.quantity,
      deviceCount: w.device_count,
      startedAt: Date.parse(w.started_at),
      endedAt: Date.parse(w.ended_at),
      attributes: w.attributes ?? {},
    }));
    const already = new Set((await stored.findStored(records)).map((k) => `${k.clusterId}\u0000${k.eventId}`));
    const fresh = records.filter((r) => !already.has(`${r.clusterId}\u0000${r.eventId}`));
    await repo.insertOutsideKafka(fresh);
    inserted += fresh.length;
  }
  return inserted;
}
