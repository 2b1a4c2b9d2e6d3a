import { runApp } from '@park/platform';
import { NotificationsWorkerModule } from './notifications-worker.module';
import { PeriodCloseWorkerModule } from './period-close-worker.module';
import { ReconciliationRunWorkerModule } from './reconciliation-run-worker.module';
import { ReconciliationWorkerModule } from './reconciliation-worker.module';

void runApp({
  app: 'reconciliation-worker',
  dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
  features: [
    ReconciliationWorkerModule,
    PeriodCloseWorkerModule,
    ReconciliationRunWorkerModule,
    NotificationsWorkerModule,
  ],
  prepare: { clickhouseMigrations: true },
});
