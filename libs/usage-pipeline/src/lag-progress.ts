/** A partition behind its head whose committed offset has not moved: how far behind, where, since when. */
export interface LagStall {
  partition: number;
  lag: number;
  committed: string;
  /** When the committed offset last moved, or the lag was last 0 (epoch ms). */
  since: number;
}

interface Seen {
  committed: bigint;
  lag: bigint;
  since: number;
}

/**
 * Whether each partition's committed offset keeps up: a partition with a lag whose committed offset stays where it
 * is makes no progress, whatever the cause (a store that never returns, a consumer that stopped fetching). Fed by
 * the lag monitor's reads of the broker's offsets; the rule Kafka lag checkers such as Burrow call a stall.
 */
export class LagProgress {
  private readonly byPartition = new Map<number, Seen>();

  observe(partition: number, committed: bigint, lag: bigint, now = Date.now()): void {
    const seen = this.byPartition.get(partition);
    const moved = !seen || seen.committed !== committed || lag === 0n;
    this.byPartition.set(partition, { committed, lag, since: moved ? now : seen.since });
  }

  /** Forgets every partition (nothing is known of them while the broker does not answer). */
  clear(): void {
    this.byPartition.clear();
  }

  /** Forgets partitions this sink no longer holds. */
  keepOnly(assigned: ReadonlySet<number>): void {
    for (const partition of this.byPartition.keys()) if (!assigned.has(partition)) this.byPartition.delete(partition);
  }

  /** The partitions behind whose committed offset has not moved for longer than `limitMs`, by partition number. */
  stalled(limitMs: number, now = Date.now()): LagStall[] {
    return [...this.byPartition.entries()]
      .filter(([, s]) => s.lag > 0n && now - s.since > limitMs)
      .map(([partition, s]) => ({ partition, lag: Number(s.lag), committed: s.committed.toString(), since: s.since }))
      .sort((a, b) => a.partition - b.partition);
  }
}

/** One line naming a stalled partition, for the log and /health. */
export function describeLagStall(s: LagStall, now = Date.now()): string {
  return (
    `partition ${s.partition}: ${s.lag} messages behind, committed offset ${s.committed} unchanged for ` +
    `${Math.round((now - s.since) / 1000)} s`
  );
}
