import { SinkBatchCoalescer } from './sink-batch-coalescer';
import type { BatchOutcome, SinkMessage } from './usage-sink.processor';

const outcome = (inserted: number): BatchOutcome => ({
  inserted,
  duplicates: 0,
  conflicts: 0,
  undecodable: 0,
  receivedAt: [],
});
const msg = (partition: number, offset: number): SinkMessage => ({ partition, offset: String(offset), value: null });
const recoverPartition = async () => 0;

describe('SinkBatchCoalescer', () => {
  it('stores the batches that arrive together as one batch, and reports the run once', async () => {
    const runs: SinkMessage[][] = [];
    const coalescer = new SinkBatchCoalescer({
      processBatch: async (m) => (runs.push(m), outcome(m.length)),
      recoverPartition,
    });
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
      recoverPartition,
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

  it('fails the batches of a failed run that fail again alone (each replays, none committed), goes on', async () => {
    let calls = 0;
    const coalescer = new SinkBatchCoalescer({
      processBatch: async (m) => {
        calls += 1;
        if (calls <= 3) throw new Error('ClickHouse away');
        return outcome(m.length);
      },
      recoverPartition,
    });
    const failed = [coalescer.process([msg(0, 1)]), coalescer.process([msg(1, 1)])];
    await expect(failed[0]).rejects.toThrow('ClickHouse away');
    await expect(failed[1]).rejects.toThrow('ClickHouse away');
    await expect(coalescer.process([msg(0, 1)])).resolves.toMatchObject({ outcome: { inserted: 1 } });
  });

  it(
    'runs the batches of a failed run again alone at once, recovering each partition first: only the failing one ' +
      'fails',
    async () => {
      const runs: number[][] = [];
      const recovered: [number, string][] = [];
      const coalescer = new SinkBatchCoalescer({
        processBatch: async (m) => {
          const partitions = m.map((x) => x.partition);
          runs.push(partitions);
          if (partitions.includes(2)) throw new Error('partition 2 refused');
          return outcome(m.length);
        },
        recoverPartition: async (p, offset) => (recovered.push([p, offset]), 0),
      });
      const together = () => [0, 1, 2].map((p) => coalescer.process([msg(p, 5)]));
      // the shared run fails; 0 and 1 are stored alone in the same call, 2 fails alone
      expect((await Promise.allSettled(together())).map((r) => r.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
      ]);
      expect(recovered).toEqual([
        [0, '5'],
        [1, '5'],
        [2, '5'],
      ]);
      // next time 0 and 1 are merged again, 2 (which failed) runs alone
      expect((await Promise.allSettled(together())).map((r) => r.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
      ]);
      expect(runs).toEqual([[0, 1, 2], [0], [1], [2], [0, 1], [2]]);
    },
  );
});
