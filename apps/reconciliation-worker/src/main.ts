import { runApp } from '@park/platform';
import { PeriodCloseWorkerModule } from './period-close-worker.module';
import { ReconciliationRunWorkerModule } from './reconciliation-run-worker.module';
import { ReconciliationWorkerModule } from './reconciliation-worker.module';

void runApp({
  app: 'reconciliation-worker',
  dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
  features: [ReconciliationWorkerModule, PeriodCloseWorkerModule, ReconciliationRunWorkerModule],
  prepare: { clickhouseMigrations: true },
});
