import type { ClickHouseClient } from '@clickhouse/client';
import type { DailyManifest } from '@park/usage-domain';
import { chDateTime64 } from './queries/clickhouse-format';

/** Daily manifests stored in ClickHouse; a later one for the same cluster-day replaces the earlier (FINAL). */
export class ManifestsRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async store(manifest: DailyManifest, requestId: string, receivedAt = Date.now()): Promise<void> {
    await this.client.insert({
      table: `${this.database}.usage_manifests`,
      format: 'JSONEachRow',
      values: [
        {
          cluster_id: manifest.clusterId,
          day: manifest.day,
          record_count: manifest.recordCount,
          line_tenant: manifest.lines.map((l) => l.tenantId),
          line_sku: manifest.lines.map((l) => l.sku),
          line_count: manifest.lines.map((l) => l.recordCount),
          line_quantity: manifest.lines.map((l) => l.quantity),
          received_at: chDateTime64(receivedAt),
          request_id: requestId,
        },
      ],
    });
  }
}
