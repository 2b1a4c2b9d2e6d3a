import { runApp } from '@park/platform';
import { IngestGatewayModule } from './ingest-gateway.module';

void runApp({
  app: 'ingest-gateway',
  dependencies: ['postgres', 'redis', 'kafka'],
  features: [IngestGatewayModule],
  prepare: { kafkaTopics: true },
});
