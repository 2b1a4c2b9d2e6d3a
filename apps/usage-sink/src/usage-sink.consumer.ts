import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { ClickHouseService } from '@park/clickhouse';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { consumerGroup, KafkaService, SINK_MEMBERSHIP, topicName } from '@park/kafka';
import { metrics } from '@park/observability';
import { SinkBatchCoalescer, UsageRecordsRepository, UsageSinkProcessor } from '@park/usage-pipeline';

/**
 * Kafka wiring of the sink: batches by size and time, offsets committed by hand after each batch is stored
 * (the guarantee itself is written out in UsageSinkProcessor).
 */
@Injectable()
export class UsageSinkConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UsageSinkConsumer.name);
  private consumer?: Consumer;
  private readonly processor: UsageSinkProcessor;
  /** One look-up and one INSERT for the batches of all partitions fetched together (see SinkBatchCoalescer). */
  private readonly coalescer: SinkBatchCoalescer;
  /** Partitions whose rollups were checked since the last (re)join of the group. */
  private readonly recovered = new Set<number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kafka: KafkaService,
    clickhouse: ClickHouseService,
  ) {
    this.processor = new UsageSinkProcessor(new UsageRecordsRepository(clickhouse, clickhouse.database));
    this.coalescer = new SinkBatchCoalescer(this.processor);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = topicName(this.config.kafka, 'usageRecords');
    const consumer = this.kafka.kafka.consumer({
      groupId: consumerGroup(this.config.kafka, 'usageSink'),
      // a fetch closes at 2 MB per partition, 12 MB in all, or after 100 ms, whichever comes first: its batches are
      // stored together (a few tens of thousands of records, about a second of ClickHouse work), far below sessionTimeout
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxBytes: 12 * 1024 * 1024,
      minBytes: 64 * 1024,
      maxWaitTimeInMs: 100,
      ...SINK_MEMBERSHIP,
    });
    consumer.on(consumer.events.GROUP_JOIN, () => this.recovered.clear());
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // every partition of a fetch at once, so the coalescer can store them with one INSERT
      partitionsConsumedConcurrently: this.config.kafka.usagePartitions,
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
    // heartbeats while the shared run is stored, so a slow INSERT does not cost the group membership
    const beating = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
    let result;
    try {
      result = await this.coalescer.process(batch.messages.map((m) => ({ partition, offset: m.offset, value: m.value })));
    } catch (error) {
      // a failed INSERT may have written raw rows without their view parts; kafkajs may retry this batch without
      // a rejoin, so the retry must rebuild the rollups first, as after a crash
      this.recovered.delete(partition);
      throw error;
    } finally {
      clearInterval(beating);
    }
    const { outcome, reportsRun } = result;
    await heartbeat();
    if (isStale()) return; // the partition moved to another sink during the insert; it will replay harmlessly
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
    resolveOffset(batch.lastOffset()); // the next fetch starts after this batch

    const now = Date.now();
    metrics.sinkBatchSize.observe(batch.messages.length);
    metrics.sinkInsertLatency.observe(now - started);
    metrics.sinkConsumerLag.set({ partition: String(partition) }, Number(BigInt(batch.highWatermark) - BigInt(batch.lastOffset()) - 1n));
    if (!reportsRun) return; // the run's records are counted by one of its batches
    metrics.sinkRunRecords.observe(outcome.inserted + outcome.duplicates + outcome.conflicts);
    metrics.sinkRecords.inc({ outcome: 'inserted' }, outcome.inserted);
    metrics.sinkRecords.inc({ outcome: 'duplicate' }, outcome.duplicates);
    metrics.sinkRecords.inc({ outcome: 'conflict' }, outcome.conflicts);
    for (const receivedAt of outcome.receivedAt) metrics.endToEndLatency.observe(now - receivedAt);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
