import type { ClickHouseClient } from '@clickhouse/client';
import { RawUsageQueries, UsageRollupQueries, type UsageTotals } from '@park/usage-pipeline';

export interface UsageTotalsReader {
  rawTotals(): Promise<UsageTotals>;
  rollupTotals(): Promise<UsageTotals>;
}

/** What ClickHouse counted, from the de-duplicated raw records and from the rollups: equal when nothing doubled. */
export function usageTotals(client: ClickHouseClient, database: string): UsageTotalsReader {
  const raw = new RawUsageQueries(client, database);
  const rollup = new UsageRollupQueries(client, database);
  return { rawTotals: () => raw.rawTotals(), rollupTotals: () => rollup.rollupTotals() };
}
