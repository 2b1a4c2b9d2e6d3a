import { Injectable } from '@nestjs/common';
import { ClickHouseService } from '@park/clickhouse';
import { PrismaService } from '@park/db';
import { ReconciliationQueries } from '@park/usage-pipeline';

export interface Watermark {
  readonly day: string;
  /** Clusters bound to an active tenant of the park, with a key not retired: those that must report. */
  readonly active: string[];
  /** Active clusters whose manifest for the day is not in ClickHouse. */
  readonly missing: string[];
}

/** Whether every active cluster of a park has sent its manifest for a UTC day (the monthly close waits for it). */
@Injectable()
export class IngestionWatermark {
  private readonly queries: ReconciliationQueries;

  constructor(
    private readonly prisma: PrismaService,
    clickhouse: ClickHouseService,
  ) {
    this.queries = new ReconciliationQueries(clickhouse.client, clickhouse.database);
  }

  async of(parkId: string, day: string): Promise<Watermark> {
    const rows = await this.prisma.client.$queryRaw<{ clusterId: string }[]>`
      SELECT DISTINCT b.cluster_id AS "clusterId"
        FROM cluster_tenant_bindings b JOIN tenants t ON t.id = b.tenant_id
       WHERE t.park_id = ${parkId} AND t.status = 'active'
         AND EXISTS (SELECT 1 FROM cluster_credentials c WHERE c.cluster_id = b.cluster_id AND c.retired_at IS NULL)
       ORDER BY 1`;
    const active = rows.map((r) => r.clusterId);
    const reported = new Set(await this.queries.clustersWithManifest(day, active));
    return { day, active, missing: active.filter((c) => !reported.has(c)) };
  }
}
