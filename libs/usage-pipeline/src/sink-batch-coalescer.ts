import type { BatchOutcome, SinkMessage, UsageSinkProcessor } from './usage-sink.processor';

/** The outcome of the run that stored a batch; `reportsRun` is true for one batch per run (count it once). */
export interface CoalescedOutcome {
  outcome: BatchOutcome;
  reportsRun: boolean;
}

interface Waiting {
  messages: SinkMessage[];
  resolve: (result: CoalescedOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the per-partition batches that arrive together (kafkajs hands one fetch's batches to concurrent
 * `eachBatch` calls) through the processor as ONE batch: one key look-up and one INSERT instead of one per
 * partition. Why: every ClickHouse query and every INSERT (a part in the raw table and in each rollup) has a
 * fixed cost that dwarfs the per-record cost at the few hundred records a partition brings per fetch.
 *
 * Exactly-once is unchanged: the merged batch goes through the same de-duplication, every row still carries its
 * own Kafka partition and offset (crash recovery is per partition), and each caller commits its own partition's
 * offsets only after the shared INSERT returned. If it fails, every caller fails and its batch replays.
 * Runs are serial: batches that arrive while one runs are taken together by the next.
 *
 * One failing partition must not hold up the others: when a run of several batches fails, each is run again alone
 * at once (its partition's rollups recovered first: the failed INSERT may have written raw rows without their view
 * parts), so only the batches that fail alone are failed; their partitions are run alone until a batch of theirs is
 * stored. A healthy partition is never failed, paused or backed off because another one broke.
 */
export class SinkBatchCoalescer {
  private waiting: Waiting[] = [];
  private running = false;
  private readonly isolated = new Set<number>();

  constructor(
    private readonly processor: Pick<UsageSinkProcessor, 'processBatch' | 'recoverPartition'>,
    /** How long the first batch of a run waits for the others of its fetch (their handlers start a tick apart). */
    private readonly gatherMs = 2,
  ) {}

  /** Resolves once these messages are stored (or known to be copies), with the outcome of their run. */
  process(messages: SinkMessage[]): Promise<CoalescedOutcome> {
    return new Promise<CoalescedOutcome>((resolve, reject) => {
      this.waiting.push({ messages, resolve, reject });
      if (!this.running) {
        this.running = true;
        setTimeout(() => void this.run(), this.gatherMs);
      }
    });
  }

  private async run(): Promise<void> {
    while (this.waiting.length > 0) {
      const taken = this.waiting;
      this.waiting = [];
      const alone = taken.filter((w) => partitionsOf(w).some((p) => this.isolated.has(p)));
      const together = taken.filter((w) => !alone.includes(w));
      for (const group of [together, ...alone.map((w) => [w])]) if (group.length > 0) await this.runGroup(group);
    }
    this.running = false;
  }

  private async runGroup(group: Waiting[]): Promise<void> {
    try {
      const outcome = await this.processor.processBatch(group.flatMap((w) => w.messages));
      group.forEach((w, i) => w.resolve({ outcome, reportsRun: i === 0 }));
      if (group.length === 1) for (const p of partitionsOf(group[0])) this.isolated.delete(p);
    } catch (error) {
      if (group.length === 1) return this.fail(group[0], error);
      for (const w of group) await this.runAloneAfterFailure(w);
    }
  }

  private async runAloneAfterFailure(w: Waiting): Promise<void> {
    try {
      for (const p of partitionsOf(w)) {
        const first = w.messages.find((m) => m.partition === p)!;
        await this.processor.recoverPartition(p, first.offset);
      }
      w.resolve({ outcome: await this.processor.processBatch(w.messages), reportsRun: true });
    } catch (error) {
      this.fail(w, error);
    }
  }

  private fail(w: Waiting, error: unknown): void {
    for (const p of partitionsOf(w)) this.isolated.add(p);
    w.reject(error);
  }
}

function partitionsOf(w: Waiting): number[] {
  return [...new Set(w.messages.map((m) => m.partition))];
}
