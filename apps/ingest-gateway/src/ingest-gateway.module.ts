import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AgentKeyRetirements, UsageProducer } from '@park/ingest';
import { AgentSignatureGuard } from './agent-signature.guard';
import { ingestProviders } from './ingest.providers';
import { UsageController } from './usage.controller';
import { UsageGrpcController } from './usage.grpc-controller';
import { StatusController } from './status.controller';
import { ClusterAdminController } from './cluster-admin.controller';

/** Cluster agents push usage here (HTTPS + JSON under /v1, and gRPC); accepted records go to Kafka. */
@Module({
  controllers: [UsageController, UsageGrpcController, StatusController, ClusterAdminController],
  providers: [...ingestProviders, AgentSignatureGuard],
})
export class IngestGatewayModule implements OnApplicationShutdown {
  constructor(
    @Inject(UsageProducer) private readonly producer: UsageProducer,
    @Inject(AgentKeyRetirements) private readonly retirements: AgentKeyRetirements,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.retirements.close();
    await this.producer.close();
  }
}
