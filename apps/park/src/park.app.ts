import * as path from 'node:path';
import { ConsoleWebModule } from '@park/console-web';
import type { RunAppOptions } from '@park/platform';
import { BillingApiModule } from '../../billing-api/src/billing-api.module';
import { agentBodies } from '../../ingest-gateway/src/agent-signature.guard';
import { ingestGrpcApi } from '../../ingest-gateway/src/grpc-api';
import { IngestGatewayModule } from '../../ingest-gateway/src/ingest-gateway.module';
import { NotificationsWorkerModule } from '../../reconciliation-worker/src/notifications-worker.module';
import { PeriodCloseWorkerModule } from '../../reconciliation-worker/src/period-close-worker.module';
import { ReconciliationRunWorkerModule } from '../../reconciliation-worker/src/reconciliation-run-worker.module';
import { ReconciliationWorkerModule } from '../../reconciliation-worker/src/reconciliation-worker.module';

/**
 * All four apps in one process. Embedded ClickHouse (chDB) allows one process per data directory, so local
 * runs compose the apps here; in production each app runs on its own against a ClickHouse server.
 * The usage sink runs on a worker thread: the gateway and the sink each get a core (chDB sessions of the
 * threads share the process's one engine). It starts once the migrations and topics are prepared here.
 */
export const PARK_APP: RunAppOptions = {
  app: 'park',
  dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
  features: [
    IngestGatewayModule,
    BillingApiModule,
    ReconciliationWorkerModule,
    PeriodCloseWorkerModule,
    ReconciliationRunWorkerModule,
    NotificationsWorkerModule,
    ConsoleWebModule,
  ],
  prepare: { clickhouseMigrations: true, kafkaTopics: true },
  grpc: ingestGrpcApi,
  bodies: agentBodies,
  threads: [
    {
      name: 'usage-sink',
      file: path.join(__dirname, '..', '..', 'usage-sink', 'src', 'usage-sink.app'),
      export: 'USAGE_SINK_APP',
    },
  ],
};
