import { runApp } from '@park/platform';
import { agentBodies } from './agent-signature.guard';
import { ingestGrpcApi } from './grpc-api';
import { IngestGatewayModule } from './ingest-gateway.module';

void runApp({
  app: 'ingest-gateway',
  // ClickHouse answers agents' status questions (a server in production; embedded only inside `park`)
  dependencies: ['postgres', 'redis', 'kafka', 'clickhouse'],
  features: [IngestGatewayModule],
  prepare: { kafkaTopics: true },
  grpc: ingestGrpcApi,
  bodies: agentBodies,
});
