import type { ClickHouseClient } from '@clickhouse/client';
import { compareManifest, type DailyManifest, type ManifestDifference } from '@park/usage-domain';
import { selectRows } from './select-rows';

export type ReconciliationState = 'NO_MANIFEST' | 'MATCHED' | 'MISMATCHED';

export interface DayReconciliation {
  day: string;
  counted_records: number;
  rejected_records: number;
  manifest_records: number;
  state: ReconciliationState;
  differences: ManifestDifference[];
}

interface ManifestRow {
  day_text: string;
  record_count: string;
  line_tenant: string[];
  line_sku: string[];
  line_count: string[];
  quantities: string[];
}

/**
 * What an agent's status call reads: per cluster-day, its latest manifest, the records counted (de-duplicated) and
 * those rejected, and how the manifest compares with what was counted.
 */
export class ManifestStatusQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  /** Per UTC day of ended_at: counted and rejected records, the manifest, and how they compare. */
  async reconcile(clusterId: string, fromDay: string, toDay: string): Promise<DayReconciliation[]> {
    const params = { c: clusterId, from: fromDay, to: toDay };
    const [manifests, counted, rejected] = await Promise.all([
      this.rows<ManifestRow>(
        `SELECT toString(m.day) AS day_text, record_count, line_tenant, line_sku, line_count,
                arrayMap(q -> toString(q), line_quantity) AS quantities
         FROM ${this.database}.usage_manifests AS m FINAL
         WHERE cluster_id = {c:String} AND m.day BETWEEN {from:Date} AND {to:Date}`,
        params,
      ),
      this.rows<{ day: string; tenant_id: string; sku: string; n: string; q: string }>(
        `SELECT toString(toDate(ended_at)) AS day, tenant_id, sku, toString(count()) AS n, toString(sum(quantity)) AS q
         FROM ${this.database}.usage_records FINAL
         WHERE cluster_id = {c:String} AND toDate(ended_at) BETWEEN {from:Date} AND {to:Date}
         GROUP BY day, tenant_id, sku ORDER BY day, tenant_id, sku`,
        params,
      ),
      this.rows<{ day: string; n: string }>(
        `SELECT toString(toDate(received_at)) AS day, toString(count()) AS n
         FROM ${this.database}.usage_rejected FINAL
         WHERE cluster_id = {c:String} AND toDate(received_at) BETWEEN {from:Date} AND {to:Date} GROUP BY day`,
        params,
      ),
    ]);
    const countedByDay = new Map<string, DailyManifest>();
    for (const r of counted) {
      const m = countedByDay.get(r.day) ?? { clusterId, day: r.day, recordCount: 0, lines: [] };
      countedByDay.set(r.day, {
        ...m,
        recordCount: m.recordCount + Number(r.n),
        lines: [...m.lines, { tenantId: r.tenant_id, sku: r.sku, recordCount: Number(r.n), quantity: r.q }],
      });
    }
    const manifestByDay = new Map(
      manifests.map((m) => [
        m.day_text,
        {
          clusterId,
          day: m.day_text,
          recordCount: Number(m.record_count),
          lines: m.line_tenant.map((tenantId, i) => ({
            tenantId,
            sku: m.line_sku[i],
            recordCount: Number(m.line_count[i]),
            quantity: m.quantities[i],
          })),
        } satisfies DailyManifest,
      ]),
    );
    const rejectedByDay = new Map(rejected.map((r) => [r.day, Number(r.n)]));
    const days = [...new Set([...countedByDay.keys(), ...manifestByDay.keys(), ...rejectedByDay.keys()])].sort();
    return days.map((day) => {
      const got = countedByDay.get(day) ?? { clusterId, day, recordCount: 0, lines: [] };
      const expected = manifestByDay.get(day);
      const differences = expected ? compareManifest(expected, got) : [];
      return {
        day,
        counted_records: got.recordCount,
        rejected_records: rejectedByDay.get(day) ?? 0,
        manifest_records: expected?.recordCount ?? 0,
        state: !expected ? 'NO_MANIFEST' : differences.length === 0 ? 'MATCHED' : 'MISMATCHED',
        differences,
      };
    });
  }

  private rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    return selectRows<T>(this.client, query, params);
  }
}
