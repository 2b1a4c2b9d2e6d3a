import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { ClickHouseService } from '@park/clickhouse';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { KafkaService, topicName } from '@park/kafka';
import { metrics } from '@park/observability';
import { UsageRecordsRepository, UsageSinkProcessor } from '@park/usage-pipeline';

export const SINK_GROUP_ID = 'usage-sink';

/**
 * Kafka wiring of the sink: batches by size and time, offsets committed by hand after each batch is stored
 * (the guarantee itself is written out in UsageSinkProcessor).
 */
@Injectable()
export class UsageSinkConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UsageSinkConsumer.name);
  private consumer?: Consumer;
  private readonly processor: UsageSinkProcessor;
  /** Partitions whose rollups were checked since the last (re)join of the group. */
  private readonly recovered = new Set<number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kafka: KafkaService,
    clickhouse: ClickHouseService,
  ) {
    this.processor = new UsageSinkProcessor(new UsageRecordsRepository(clickhouse.client, clickhouse.database));
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = topicName(this.config.kafka, 'usageRecords');
    const consumer = this.kafka.kafka.consumer({
      groupId: `${this.config.kafka.topicPrefix}${SINK_GROUP_ID}`,
      // a batch closes at ~8 MB per partition or after 100 ms, whichever comes first
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      minBytes: 64 * 1024,
      maxWaitTimeInMs: 100,
      // a sink that died is noticed within 10 s, and its partitions move on
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    consumer.on(consumer.events.GROUP_JOIN, () => this.recovered.clear());
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 2,
      eachBatch: (payload) => this.handleBatch(topic, payload),
    });
    this.consumer = consumer;
    this.logger.log(`consuming ${topic}`);
  }

  private async handleBatch(topic: string, { batch, isRunning, isStale, heartbeat, resolveOffset }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.isEmpty()) return;
    const partition = batch.partition;
    const started = Date.now();
    if (!this.recovered.has(partition)) {
      // the first offset fetched after an assignment is the committed one: anything stored past it was written
      // by a sink that died before committing, and its rollup hours are rebuilt before going on
      const hours = await this.processor.recoverPartition(partition, batch.firstOffset() ?? '0');
      if (hours > 0) this.logger.warn(`partition ${partition}: rebuilt ${hours} rollup tenant-hours after an unclean stop`);
      this.recovered.add(partition);
    }
    const outcome = await this.processor.processBatch(
      batch.messages.map((m) => ({ partition, offset: m.offset, value: m.value })),
    );
    await heartbeat();
    if (isStale()) return; // the partition moved to another sink during the insert; it will replay harmlessly
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
    resolveOffset(batch.lastOffset()); // the next fetch starts after this batch

    const now = Date.now();
    metrics.sinkBatchSize.observe(batch.messages.length);
    metrics.sinkInsertLatency.observe(now - started);
    metrics.sinkRecords.inc({ outcome: 'inserted' }, outcome.inserted);
    metrics.sinkRecords.inc({ outcome: 'duplicate' }, outcome.duplicates);
    metrics.sinkRecords.inc({ outcome: 'conflict' }, outcome.conflicts);
    metrics.sinkConsumerLag.set({ partition: String(partition) }, Number(BigInt(batch.highWatermark) - BigInt(batch.lastOffset()) - 1n));
    for (const receivedAt of outcome.receivedAt) metrics.endToEndLatency.observe(now - receivedAt);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
