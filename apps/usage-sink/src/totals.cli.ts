import { createClickHouseClient } from '@park/clickhouse';
import { loadConfig } from '@park/config';
import { RawUsageQueries, UsageRollupQueries } from '@park/usage-pipeline';

/**
 * `node dist/apps/usage-sink/src/totals.cli.js`: prints what ClickHouse has counted, from the de-duplicated raw
 * records and from the hourly rollups bills are read from, as JSON. For operators checking a sink, and for the
 * fault test, which reads a sink's embedded data directory after stopping it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const client = createClickHouseClient(config.clickhouse);
  try {
    const database = config.clickhouse.database;
    const [raw, rollup] = await Promise.all([
      new RawUsageQueries(client, database).rawTotals(),
      new UsageRollupQueries(client, database).rollupTotals(),
    ]);
    process.stdout.write(`${JSON.stringify({ raw, rollup })}\n`);
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`usage totals: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
