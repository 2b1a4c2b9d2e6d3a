import { runApp } from '@park/platform';
import { PeriodCloseWorkerModule } from './period-close-worker.module';
import { ReconciliationWorkerModule } from './reconciliation-worker.module';

void runApp({
  app: 'reconciliation-worker',
  dependencies: ['postgres', 'redis', 'clickhouse'],
  features: [ReconciliationWorkerModule, PeriodCloseWorkerModule],
  prepare: { clickhouseMigrations: true },
});
