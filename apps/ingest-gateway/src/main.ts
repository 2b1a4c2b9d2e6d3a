import { runApp } from '@park/platform';
import { ingestGrpcApi } from './grpc-api';
import { IngestGatewayModule } from './ingest-gateway.module';

void runApp({
  app: 'ingest-gateway',
  dependencies: ['postgres', 'redis', 'kafka'],
  features: [IngestGatewayModule],
  prepare: { kafkaTopics: true },
  grpc: ingestGrpcApi,
});
