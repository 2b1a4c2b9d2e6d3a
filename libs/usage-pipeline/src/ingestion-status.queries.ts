import type { ClickHouseClient } from '@clickhouse/client';

export interface DayCount {
  day: string;
  counted_records: number;
  rejected_records: number;
}

/** What an agent may ask about its own cluster: records counted per UTC day (of ended_at) and rejections. */
export class IngestionStatusQueries {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
  ) {}

  async daysForCluster(clusterId: string, fromDay: string, toDay: string): Promise<DayCount[]> {
    const params = { c: clusterId, from: fromDay, to: toDay };
    const [counted, rejected] = await Promise.all([
      this.rows<{ day: string; n: string }>(
        `SELECT toString(toDate(ended_at)) AS day, toString(count()) AS n FROM ${this.database}.usage_records FINAL
         WHERE cluster_id = {c:String} AND toDate(ended_at) BETWEEN {from:Date} AND {to:Date} GROUP BY day`,
        params,
      ),
      this.rows<{ day: string; n: string }>(
        `SELECT toString(toDate(received_at)) AS day, toString(count()) AS n FROM ${this.database}.usage_rejected FINAL
         WHERE cluster_id = {c:String} AND toDate(received_at) BETWEEN {from:Date} AND {to:Date} GROUP BY day`,
        params,
      ),
    ]);
    const days = new Map<string, DayCount>();
    for (const r of counted) days.set(r.day, { day: r.day, counted_records: Number(r.n), rejected_records: 0 });
    for (const r of rejected) {
      const d = days.get(r.day) ?? { day: r.day, counted_records: 0, rejected_records: 0 };
      d.rejected_records = Number(r.n);
      days.set(r.day, d);
    }
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  private async rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    return (await this.client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
  }
}
