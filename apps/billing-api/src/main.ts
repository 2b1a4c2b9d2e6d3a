import { runApp } from '@park/platform';
import { BillingApiModule } from './billing-api.module';

void runApp({
  app: 'billing-api',
  dependencies: ['postgres', 'redis', 'clickhouse'],
  features: [BillingApiModule],
  prepare: { clickhouseMigrations: true },
});
