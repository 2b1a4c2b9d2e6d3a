import type { ThreadApp } from '@park/platform';
import { UsageSinkModule } from './usage-sink.module';

/** What the sink runs on: its own process (main.ts) or a worker thread of `park` (apps/park/src/park.app.ts). */
export const USAGE_SINK_APP: ThreadApp = {
  dependencies: ['kafka', 'clickhouse'],
  features: [UsageSinkModule],
};
