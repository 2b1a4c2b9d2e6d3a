import type { Logger } from '@nestjs/common';
import type { AppConfig } from '@park/config';
import { metrics } from '@park/observability';
import {
  describeLagStall,
  describeStall,
  StoreWatch,
  type LagProgress,
  type LagStall,
  type StoreInFlight,
} from '@park/usage-pipeline';

/** What the guard finds stalled now: stores in flight too long, partitions behind whose offset does not move. */
export interface Stalls {
  stores: StoreInFlight[];
  partitions: LagStall[];
  /** One line each, for /health. */
  lines: string[];
}

/** The exit code of a sink that ends itself on a stall (EX_TEMPFAIL: start it again). */
export const STALL_EXIT_CODE = 75;

/**
 * Ingestion must never stop silently. A store heartbeats the consumer group while it runs, so one that never
 * returns holds its partition with no error; a consumer that stops fetching says nothing either. The guard names
 * both in /health once they pass SINK_STORE_STALL_MS, logs each once, and past SINK_STALL_EXIT_MS ends the process
 * (code 75) for its supervisor to start again: a stuck call cannot be ended from inside, and a new sink replays
 * the uncommitted batches exactly once (crash recovery). Partitions failing in a back-off are not stalls: they
 * are retried and named in /health already.
 */
export class SinkStallGuard {
  readonly stores: StoreWatch;
  private progress?: LagProgress;
  private readonly reported = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly limits: AppConfig['sink'],
    private readonly logger: Pick<Logger, 'error'>,
    private readonly failingPartitions: () => ReadonlySet<number>,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {
    this.stores = new StoreWatch(limits.storeStallMs);
  }

  /** The lag monitor's view of the partitions' progress. */
  watch(progress: LagProgress): void {
    this.progress = progress;
  }

  start(intervalMs = 5_000): void {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  stalls(now = Date.now()): Stalls {
    const stores = this.stores.stalled(now);
    const failing = this.failingPartitions();
    const partitions = (this.progress?.stalled(this.limits.storeStallMs, now) ?? []).filter(
      (s) => !failing.has(s.partition),
    );
    const limit = `(limit SINK_STORE_STALL_MS ${this.limits.storeStallMs} ms)`;
    const lines = [
      ...stores.map((s) => `${describeStall(s, now)} ${limit}`),
      ...partitions.map((s) => `${describeLagStall(s, now)} ${limit}`),
    ];
    return { stores, partitions, lines };
  }

  /** Sets the gauge, logs each new stall once, and exits once one has lasted SINK_STALL_EXIT_MS. */
  tick(now = Date.now()): void {
    metrics.sinkStoreRunning.set(this.stores.oldestMs(now) / 1000);
    const { stores, partitions, lines } = this.stalls(now);
    const keys = [
      ...stores.map((s) => `store ${s.partition} ${s.since}`),
      ...partitions.map((s) => `lag ${s.partition} ${s.since}`),
    ];
    keys.forEach((key, i) => {
      if (this.reported.has(key)) return;
      this.reported.add(key);
      this.logger.error(`stalled: ${lines[i]}`);
    });
    const exitMs = this.limits.stallExitMs;
    if (exitMs === 0) return;
    const oldest = Math.min(...[...stores, ...partitions].map((s) => s.since));
    if (now - oldest >= exitMs) {
      this.logger.error(
        `stalled for ${Math.round((now - oldest) / 1000)} s (SINK_STALL_EXIT_MS ${exitMs} ms): exiting with code ` +
          `${STALL_EXIT_CODE} for the supervisor to start the sink again; uncommitted batches replay exactly once`,
      );
      this.stop();
      this.exit(STALL_EXIT_CODE);
    }
  }
}
