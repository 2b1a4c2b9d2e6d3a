import type { PrismaClient } from '@prisma/client';
import { LRUCache } from 'lru-cache';

/** Where a failed write is told (the push itself was answered already). */
export interface PushRecorderLog {
  warn(message: string): void;
}

/**
 * Keeps `clusters.last_push_at`: when each cluster's agent last pushed, so an operator sees an agent that went quiet.
 * A push is on the hot path, so this writes at most once per `intervalMs` per cluster and process (the time is right
 * to that interval), never waits for the write, and never moves the time backwards (several gateways write). A
 * failed write is logged and tried again on the cluster's next push; the push it came from is not affected.
 */
export class ClusterPushRecorder {
  private readonly recent: LRUCache<string, true>;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly log?: PushRecorderLog,
    options: { intervalMs?: number; maxClusters?: number } = {},
  ) {
    this.recent = new LRUCache({ max: options.maxClusters ?? 10_000, ttl: options.intervalMs ?? 60_000 });
  }

  record(clusterId: string, at: number): void {
    if (this.recent.get(clusterId)) return;
    this.recent.set(clusterId, true);
    const when = new Date(at);
    const write = this.prisma.$executeRaw`UPDATE clusters SET last_push_at = ${when}
                   WHERE id = ${clusterId} AND (last_push_at IS NULL OR last_push_at < ${when})`
      .then(
        () => undefined,
        (error: unknown) => {
          this.recent.delete(clusterId);
          this.log?.warn(`cluster ${clusterId}: last push time not written: ${(error as Error).message ?? error}`);
        },
      )
      .finally(() => this.writing.delete(write));
    this.writing.add(write);
  }

  /** Resolves once the writes begun so far have ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.writing]);
  }
}
