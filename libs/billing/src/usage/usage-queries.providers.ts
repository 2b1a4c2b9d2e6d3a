import type { Provider } from '@nestjs/common';
import { ClickHouseService } from '@park/clickhouse';
import { RawUsageQueries, UsageRollupQueries } from '@park/usage-pipeline';

/** The usage-pipeline's ClickHouse reads that billing uses, bound to the app's ClickHouse connection. */
export const USAGE_QUERY_PROVIDERS: Provider[] = [
  {
    provide: UsageRollupQueries,
    inject: [ClickHouseService],
    useFactory: (ch: ClickHouseService) => new UsageRollupQueries(ch.client, ch.database),
  },
  {
    provide: RawUsageQueries,
    inject: [ClickHouseService],
    useFactory: (ch: ClickHouseService) => new RawUsageQueries(ch.client, ch.database),
  },
];
