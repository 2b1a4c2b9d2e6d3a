import { runApp } from '@park/platform';
import { ReconciliationWorkerModule } from './reconciliation-worker.module';

void runApp({
  app: 'reconciliation-worker',
  dependencies: ['postgres', 'redis', 'clickhouse'],
  features: [ReconciliationWorkerModule],
  prepare: { clickhouseMigrations: true },
});
