/** A batch store in flight: which partition, which step, the batch's first offset, since when (epoch ms). */
export interface StoreInFlight {
  partition: number;
  step: 'recovery' | 'store';
  offset: string;
  since: number;
}

/**
 * The sink's stores in flight, so that one that never returns is seen: a store heartbeats the group while it runs
 * (a slow INSERT must not cost the partition), so a store that hangs holds its partition with no error, no retry and
 * no log. The watch names every store running longer than `stallMs`.
 */
export class StoreWatch {
  private readonly inFlight = new Map<number, StoreInFlight>();

  constructor(private readonly stallMs: number) {}

  /** Marks the partition's store (or its recovery) begun; the returned function marks it ended. */
  begin(partition: number, step: StoreInFlight['step'], offset: string, now = Date.now()): () => void {
    const store: StoreInFlight = { partition, step, offset, since: now };
    this.inFlight.set(partition, store);
    return () => {
      if (this.inFlight.get(partition) === store) this.inFlight.delete(partition);
    };
  }

  /** The stores running longer than the limit, by partition number. */
  stalled(now = Date.now()): StoreInFlight[] {
    return [...this.inFlight.values()]
      .filter((s) => now - s.since > this.stallMs)
      .sort((a, b) => a.partition - b.partition);
  }

  /** How long the oldest store in flight has run (ms), 0 with none. */
  oldestMs(now = Date.now()): number {
    let oldest = 0;
    for (const s of this.inFlight.values()) oldest = Math.max(oldest, now - s.since);
    return oldest;
  }
}

/** One line naming a stalled store, for the log and /health. */
export function describeStall(s: StoreInFlight, now = Date.now()): string {
  return (
    `partition ${s.partition}: ${s.step} of the batch at offset ${s.offset} running for ` +
    `${Math.round((now - s.since) / 1000)} s since ${new Date(s.since).toISOString()}`
  );
}
