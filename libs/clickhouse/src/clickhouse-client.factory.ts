import * as fs from 'node:fs';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { AppConfig } from '@park/config';

export type ClickHouseSettings = AppConfig['clickhouse'];

/**
 * One client API for both shapes: the embedded engine (chDB, in-process, one process per data directory)
 * and a ClickHouse server reached over HTTP. Callers never know which one they have.
 */
export function createClickHouseClient(settings: ClickHouseSettings): ClickHouseClient {
  if (settings.kind === 'server') {
    return createClient({
      url: settings.url,
      // JSON output keeps 64-bit integers and decimals as strings, so quantities stay exact.
      clickhouse_settings: { output_format_json_quote_64bit_integers: 1, output_format_json_quote_decimals: 1 },
      request_timeout: 60_000,
    });
  }
  fs.mkdirSync(settings.dataDir, { recursive: true });
  // Loaded lazily: a deployment against a server never loads the 500 MB embedded engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  const connection = createChdbConnection({ path: settings.dataDir });
  return createClient({
    // The `connection` hook is typed for @clickhouse/client's own connections; chDB implements the same interface.
    connection: connection as unknown as NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1, output_format_json_quote_decimals: 1 },
  });
}
