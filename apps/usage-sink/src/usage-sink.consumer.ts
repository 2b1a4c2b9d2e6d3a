import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { ClickHouseService } from '@park/clickhouse';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { consumerGroup, KafkaService, SINK_MEMBERSHIP, topicName } from '@park/kafka';
import { metrics } from '@park/observability';
import { HealthChecks, type CheckState } from '@park/platform';
import {
  PartitionFailures,
  SinkBatchCoalescer,
  StoredRecordQueries,
  UsageRecordsRepository,
  UsageSinkProcessor,
  type CoalescedOutcome,
} from '@park/usage-pipeline';
import { SinkLagMonitor } from './sink-lag.monitor';
import { SinkStallGuard } from './sink-stall.guard';

/**
 * Kafka wiring of the sink: batches by size and time, offsets committed by hand after each batch is stored
 * (the guarantee itself is written out in UsageSinkProcessor). A batch that cannot be stored is neither resolved
 * nor committed: its partition pauses for a back-off and fetches it again, the others go on, and the failure is
 * logged, counted in /metrics and, once repeated, named in /health.
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
  private readonly failures = new PartitionFailures();
  /** Partitions waiting out a back-off after a failure: when they may fetch again (epoch ms). */
  private readonly backingOff = new Map<number, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Stores that never return and partitions that stop moving: named, logged, and past a limit the sink exits. */
  private readonly stalls: SinkStallGuard;
  private lag?: SinkLagMonitor;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly kafka: KafkaService,
    clickhouse: ClickHouseService,
    healthChecks: HealthChecks,
  ) {
    this.processor = new UsageSinkProcessor(
      new UsageRecordsRepository(clickhouse, clickhouse.database),
      new StoredRecordQueries(clickhouse.client, clickhouse.database),
    );
    this.coalescer = new SinkBatchCoalescer(this.processor);
    this.stalls = new SinkStallGuard(
      config.sink,
      this.logger,
      () => new Set(this.failures.failing().map((f) => f.partition)),
    );
    healthChecks.register('sink-partitions', () => this.partitionsCheck());
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = topicName(this.config.kafka, 'usageRecords');
    const groupId = consumerGroup(this.config.kafka, 'usageSink');
    const consumer = this.kafka.kafka.consumer({
      groupId,
      // a fetch closes at 2 MB per partition, 12 MB in all, or after 100 ms, whichever comes first: its batches are
      // stored together (a few tens of thousands of records, about a second of ClickHouse work), far below
      // sessionTimeout
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxBytes: 12 * 1024 * 1024,
      minBytes: 64 * 1024,
      maxWaitTimeInMs: 100,
      ...SINK_MEMBERSHIP,
    });
    const lag = new SinkLagMonitor(this.kafka.kafka, topic, groupId);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.recovered.clear();
      const assigned = new Set(payload.memberAssignment[topic] ?? []);
      this.failures.keepOnly(assigned);
      lag.assign(assigned);
      // one line per (re)join: which partitions this sink stores from now on (none while other sinks hold them all)
      this.logger.log(`joined ${groupId} as ${payload.memberId}: partitions ${[...assigned].join(', ') || 'none'}`);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // every partition of a fetch at once, so the coalescer can store them with one INSERT
      partitionsConsumedConcurrently: this.config.kafka.usagePartitions,
      eachBatch: (payload) => this.handleBatch(topic, payload),
    });
    lag.start();
    this.stalls.watch(lag.progress);
    this.stalls.start();
    this.consumer = consumer;
    this.lag = lag;
    this.logger.log(`consuming ${topic}`);
  }

  private async handleBatch(topic: string, payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale, heartbeat, resolveOffset, pause } = payload;
    if (!isRunning() || isStale() || batch.isEmpty()) return;
    const partition = batch.partition;
    const until = this.backingOff.get(partition);
    if (until !== undefined) return this.pauseUntil(partition, pause, until); // fetched before the pause
    const started = Date.now();
    // until stored, everything from the batch's first offset on is behind
    metrics.sinkConsumerLag.set(
      { partition: String(partition) },
      Number(BigInt(batch.highWatermark) - BigInt(batch.firstOffset() ?? '0')),
    );
    // heartbeats while the shared run is stored, so a slow INSERT does not cost the group membership
    const beating = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
    let result: CoalescedOutcome;
    const at = batch.firstOffset() ?? '?';
    let step: 'recovery' | 'store' = 'recovery';
    // watched while it runs (a later begin of the partition replaces the earlier one)
    let ended = this.stalls.stores.begin(partition, step, at);
    try {
      if (!this.recovered.has(partition)) {
        // the first offset fetched after an assignment is the committed one: anything stored past it was written
        // by a sink that died before committing, and its rollup hours are rebuilt before going on
        const hours = await this.processor.recoverPartition(partition, batch.firstOffset() ?? '0');
        if (hours > 0)
          this.logger.warn(`partition ${partition}: rebuilt ${hours} rollup tenant-hours after an unclean stop`);
        this.recovered.add(partition);
      }
      step = 'store';
      ended = this.stalls.stores.begin(partition, step, at);
      result = await this.coalescer.process(
        batch.messages.map((m) => ({ partition, offset: m.offset, value: m.value })),
      );
    } catch (error) {
      // a failed INSERT may have written raw rows without their view parts: the retry rebuilds the rollups first
      this.recovered.delete(partition);
      return this.failed(partition, step, at, error, pause);
    } finally {
      ended();
      clearInterval(beating);
    }
    const { outcome, reportsRun } = result;
    await heartbeat();
    if (isStale()) return; // the partition moved to another sink during the insert; it will replay harmlessly
    await this.consumer!.commitOffsets([{ topic, partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }]);
    resolveOffset(batch.lastOffset()); // the next fetch starts after this batch
    this.failures.succeeded(partition);

    const now = Date.now();
    metrics.sinkBatchSize.observe(batch.messages.length);
    metrics.sinkInsertLatency.observe(now - started);
    metrics.sinkConsumerLag.set(
      { partition: String(partition) },
      Number(BigInt(batch.highWatermark) - BigInt(batch.lastOffset()) - 1n),
    );
    if (!reportsRun) return; // the run's records are counted by one of its batches
    metrics.sinkRunRecords.observe(outcome.inserted + outcome.duplicates + outcome.conflicts);
    metrics.sinkRecords.inc({ outcome: 'inserted' }, outcome.inserted);
    metrics.sinkRecords.inc({ outcome: 'duplicate' }, outcome.duplicates);
    metrics.sinkRecords.inc({ outcome: 'conflict' }, outcome.conflicts);
    for (const receivedAt of outcome.receivedAt) metrics.endToEndLatency.observe(now - receivedAt);
  }

  /** Counts and logs the failure, and pauses the partition for its back-off; the batch is fetched again after. */
  private failed(partition: number, step: string, offset: string, error: unknown, pause: () => () => void): void {
    const waitMs = this.failures.failed(partition, error);
    metrics.sinkPartitionFailures.inc({ partition: String(partition), step });
    this.logger.error(
      `partition ${partition}: ${step} of the batch at offset ${offset} failed, retrying in ${waitMs} ms: ` +
        `${(error as Error).message ?? error}`,
    );
    this.pauseUntil(partition, pause, Date.now() + waitMs);
  }

  private pauseUntil(partition: number, pause: () => () => void, until: number): void {
    this.backingOff.set(partition, until);
    const resume = pause();
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        // the timer ends its back-off, not Date.now(): a timer may fire a little before the wall clock reaches
        // `until` (libuv schedules from the loop's cached time), and a partition left marked would pause again
        if (this.backingOff.get(partition) === until) this.backingOff.delete(partition);
        try {
          resume();
        } catch {
          // the consumer rejoined meanwhile: its new assignment is not paused
        }
      },
      Math.max(0, until - Date.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private partitionsCheck(): CheckState {
    const failing = this.failures.failing();
    const stalls = this.stalls.stalls();
    if (failing.length === 0 && stalls.lines.length === 0) return { status: 'ok' };
    const partitions = failing.map((f) => ({ ...f, since: new Date(f.since).toISOString() }));
    const errors = [
      ...partitions.map(
        (f) => `partition ${f.partition}: ${f.failures} failures in a row since ${f.since}: ${f.error}`,
      ),
      ...stalls.lines,
    ];
    const iso = <T extends { since: number }>(s: T) => ({ ...s, since: new Date(s.since).toISOString() });
    return {
      status: 'failing',
      error: errors.join('; '),
      details: { partitions, stalledStores: stalls.stores.map(iso), stalledPartitions: stalls.partitions.map(iso) },
    };
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.stalls.stop();
    await this.lag?.stop();
    await this.consumer?.disconnect();
  }
}
