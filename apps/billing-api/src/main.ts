import { ConsoleWebModule } from '@park/console-web';
import { runApp } from '@park/platform';
import { BillingApiModule } from './billing-api.module';

void runApp({
  app: 'billing-api',
  dependencies: ['postgres', 'redis', 'clickhouse'],
  // the web console is served beside the API it calls (same origin: no CORS, a strict CSP)
  features: [BillingApiModule, ConsoleWebModule],
  prepare: { clickhouseMigrations: true },
});
