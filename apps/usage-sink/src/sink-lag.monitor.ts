import type { Admin, Kafka } from 'kafkajs';
import { metrics } from '@park/observability';
import { LagProgress } from '@park/usage-pipeline';

/**
 * park_sink_consumer_lag for every partition this sink holds, from the broker's offsets (head minus committed)
 * every few seconds: a partition whose batches never store has no "last batch" to measure after, and its lag
 * must show growing, not be missing. Partitions handed to another sink lose their series here.
 */
export class SinkLagMonitor {
  private assigned = new Set<number>();
  private timer?: NodeJS.Timeout;
  private admin?: Admin;
  private refreshing = false;
  private stopped = false;
  /** Whether each assigned partition's committed offset moves while it is behind (its stalls, for /health). */
  readonly progress = new LagProgress();

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
    private readonly intervalMs = 5_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  /** The partitions of this sink after a (re)join of the group. */
  assign(partitions: ReadonlySet<number>): void {
    for (const p of this.assigned) if (!partitions.has(p)) metrics.sinkConsumerLag.remove({ partition: String(p) });
    this.assigned = new Set(partitions);
    this.progress.keepOnly(this.assigned);
    void this.refresh();
  }

  /**
   * Sets the lag of each assigned partition; a broker that does not answer leaves the last values (and /health says
   * why).
   */
  async refresh(): Promise<void> {
    if (this.refreshing || this.stopped || this.assigned.size === 0) return;
    this.refreshing = true;
    try {
      const admin = await this.connectedAdmin();
      const [heads, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(this.topic),
        admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] }),
      ]);
      const committedBy = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      for (const head of heads) {
        if (!this.assigned.has(head.partition)) continue;
        const from = committedBy.get(head.partition) ?? -1n;
        const position = from >= 0n ? from : BigInt(head.low);
        const difference = BigInt(head.high) - position;
        const lag = difference > 0n ? difference : 0n;
        metrics.sinkConsumerLag.set({ partition: String(head.partition) }, Number(lag));
        this.progress.observe(head.partition, position, lag);
      }
    } catch {
      // nothing known of the partitions' progress while the broker does not answer: their clocks start again after
      this.progress.clear();
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
    } finally {
      this.refreshing = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      if (this.stopped) {
        // stopped while connecting: no connection may outlive the sink
        await admin.disconnect();
        throw new Error('lag monitor stopped');
      }
      this.admin = admin;
    }
    return this.admin;
  }
}
