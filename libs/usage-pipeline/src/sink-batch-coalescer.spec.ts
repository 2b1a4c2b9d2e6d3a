import { SinkBatchCoalescer } from './sink-batch-coalescer';
import type { BatchOutcome, SinkMessage } from './usage-sink.processor';

const outcome = (inserted: number): BatchOutcome => ({ inserted, duplicates: 0, conflicts: 0, undecodable: 0, receivedAt: [] });
const msg = (partition: number, offset: number): SinkMessage => ({ partition, offset: String(offset), value: null });

describe('SinkBatchCoalescer', () => {
  it('stores the batches that arrive together as one batch, and reports the run once', async () => {
    const runs: SinkMessage[][] = [];
    const coalescer = new SinkBatchCoalescer({ processBatch: async (m) => (runs.push(m), outcome(m.length)) });
    const results = await Promise.all([coalescer.process([msg(0, 1), msg(0, 2)]), coalescer.process([msg(1, 7)])]);
    expect(runs).toEqual([[msg(0, 1), msg(0, 2), msg(1, 7)]]);
    expect(results.map((r) => r.outcome.inserted)).toEqual([3, 3]);
    expect(results.map((r) => r.reportsRun)).toEqual([true, false]);
  });

  it('runs one at a time: what arrives during a run goes into the next', async () => {
    const runs: SinkMessage[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const coalescer = new SinkBatchCoalescer({
      processBatch: async (m) => {
        runs.push(m);
        if (runs.length === 1) await first;
        return outcome(m.length);
      },
    });
    const a = coalescer.process([msg(0, 1)]);
    await new Promise((r) => setTimeout(r, 20)); // the first run has started and waits
    const b = coalescer.process([msg(1, 1)]);
    const c = coalescer.process([msg(2, 1)]);
    expect(runs).toHaveLength(1);
    release();
    await Promise.all([a, b, c]);
    expect(runs).toEqual([[msg(0, 1)], [msg(1, 1), msg(2, 1)]]);
  });

  it('fails every batch of a failed run (each replays; nothing is committed), and goes on with the next', async () => {
    let calls = 0;
    const coalescer = new SinkBatchCoalescer({
      processBatch: async (m) => {
        calls += 1;
        if (calls === 1) throw new Error('ClickHouse away');
        return outcome(m.length);
      },
    });
    const failed = [coalescer.process([msg(0, 1)]), coalescer.process([msg(1, 1)])];
    await expect(failed[0]).rejects.toThrow('ClickHouse away');
    await expect(failed[1]).rejects.toThrow('ClickHouse away');
    await expect(coalescer.process([msg(0, 1)])).resolves.toMatchObject({ outcome: { inserted: 1 } });
  });

  it('runs the partitions of a failed run alone until they store, so a failing partition holds up no other', async () => {
    const runs: number[][] = [];
    const coalescer = new SinkBatchCoalescer({
      processBatch: async (m) => {
        const partitions = m.map((x) => x.partition);
        runs.push(partitions);
        if (partitions.includes(2)) throw new Error('partition 2 refused');
        return outcome(m.length);
      },
    });
    const together = () => [0, 1, 2].map((p) => coalescer.process([msg(p, 1)]));
    expect((await Promise.allSettled(together())).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // next attempt: each alone; 0 and 1 store, 2 fails again
    expect((await Promise.allSettled(together())).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    // then 0 and 1 are merged again, 2 stays alone
    expect((await Promise.allSettled(together())).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(runs).toEqual([[0, 1, 2], [0], [1], [2], [0, 1], [2]]);
  });
});
