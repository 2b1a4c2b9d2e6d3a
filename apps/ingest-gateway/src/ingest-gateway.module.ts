import { Module } from '@nestjs/common';

/** Cluster agents push usage here (gRPC and HTTPS); accepted records go to Kafka. Filled by the ingestion work. */
@Module({})
export class IngestGatewayModule {}
