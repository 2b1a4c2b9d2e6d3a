/** A partition whose batches keep failing: how often, since when, and the last error. */
export interface PartitionFailure {
  partition: number;
  /** Failed attempts in a row (reset by a batch stored and committed). */
  failures: number;
  /** When the first of them failed (epoch ms). */
  since: number;
  error: string;
}

/**
 * The sink's failing partitions, so that a failure loop is never silent: /health names a partition once it has
 * failed `threshold` times in a row (one failure can be a blip: a rebalance, a ClickHouse restart), and each retry
 * waits longer (back-off) instead of hammering the store.
 */
export class PartitionFailures {
  private readonly byPartition = new Map<number, PartitionFailure>();

  constructor(
    private readonly threshold = 3,
    private readonly backoff = { initialMs: 500, maxMs: 30_000 },
  ) {}

  /** Records a failed attempt; returns how long to wait before the next one. */
  failed(partition: number, error: unknown, now = Date.now()): number {
    const previous = this.byPartition.get(partition);
    const failures = (previous?.failures ?? 0) + 1;
    this.byPartition.set(partition, { partition, failures, since: previous?.since ?? now, error: describe(error) });
    return Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.min(failures - 1, 20));
  }

  succeeded(partition: number): void {
    this.byPartition.delete(partition);
  }

  /** Forgets partitions this sink no longer holds (another instance reports them now). */
  keepOnly(assigned: ReadonlySet<number>): void {
    for (const partition of this.byPartition.keys()) if (!assigned.has(partition)) this.byPartition.delete(partition);
  }

  /** The partitions that failed at least `threshold` times in a row, by partition number. */
  failing(): PartitionFailure[] {
    return [...this.byPartition.values()]
      .filter((f) => f.failures >= this.threshold)
      .sort((a, b) => a.partition - b.partition);
  }
}

function describe(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
