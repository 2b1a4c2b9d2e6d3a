import type { ClickHouseClient } from '@clickhouse/client';

/** One SELECT, its rows as JSON objects (decimals and 64-bit integers quoted by the client, so exact). */
export async function selectRows<T>(
  client: ClickHouseClient,
  query: string,
  params?: Record<string, unknown>,
): Promise<T[]> {
  return (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
}
