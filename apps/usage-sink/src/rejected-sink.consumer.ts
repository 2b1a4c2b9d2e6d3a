import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer } from 'kafkajs';
import { ClickHouseService } from '@park/clickhouse';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { consumerGroup, KafkaService, SINK_MEMBERSHIP, topicName } from '@park/kafka';
import { decodeRejection, UsageRecordsRepository } from '@park/usage-pipeline';

/** Stores usage.rejected.v1 in ClickHouse (queryable by cluster and reason); replays are harmless (ids). */
@Injectable()
export class RejectedSinkConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer?: Consumer;
  private readonly repository: UsageRecordsRepository;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kafka: KafkaService,
    clickhouse: ClickHouseService,
  ) {
    this.repository = new UsageRecordsRepository(clickhouse, clickhouse.database);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = topicName(this.config.kafka, 'usageRejected');
    const consumer = this.kafka.kafka.consumer({
      groupId: consumerGroup(this.config.kafka, 'rejectedSink'),
      maxWaitTimeInMs: 250,
      ...SINK_MEMBERSHIP,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, isStale, resolveOffset }) => {
        if (batch.isEmpty() || isStale()) return;
        await this.repository.insertRejected(batch.messages.map((m) => decodeRejection(m.value)));
        await consumer.commitOffsets([
          { topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
        ]);
        resolveOffset(batch.lastOffset());
      },
    });
    this.consumer = consumer;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
