import { describeLagStall, LagProgress } from './lag-progress';

describe('LagProgress', () => {
  it('names a partition behind whose committed offset stays put longer than the limit', () => {
    const progress = new LagProgress();
    progress.observe(1, 100n, 50n, 0);
    progress.observe(1, 100n, 80n, 30_000); // more behind, nothing committed: still since 0
    expect(progress.stalled(60_000, 60_000)).toEqual([]);
    expect(progress.stalled(60_000, 60_001)).toEqual([{ partition: 1, lag: 80, committed: '100', since: 0 }]);
  });

  it('a committed offset that moves, or a lag of 0, is progress', () => {
    const progress = new LagProgress();
    progress.observe(0, 100n, 50n, 0);
    progress.observe(0, 120n, 30n, 50_000);
    expect(progress.stalled(60_000, 100_000)).toEqual([]);
    progress.observe(2, 7n, 0n, 0);
    progress.observe(2, 7n, 0n, 90_000); // nothing to store: never stalled
    expect(progress.stalled(60_000, 100_000)).toEqual([]);
    progress.observe(2, 7n, 5n, 95_000); // behind from now on
    expect(progress.stalled(60_000, 150_000).map((s) => s.partition)).toEqual([0]); // 2: behind since 90 s, 60 s
    expect(progress.stalled(60_000, 160_000).map((s) => s.partition)).toEqual([0, 2]);
  });

  it('forgets partitions handed to another sink', () => {
    const progress = new LagProgress();
    progress.observe(0, 1n, 5n, 0);
    progress.observe(1, 1n, 5n, 0);
    progress.keepOnly(new Set([1]));
    expect(progress.stalled(10, 1_000).map((s) => s.partition)).toEqual([1]);
  });

  it('describes a stall', () => {
    expect(describeLagStall({ partition: 3, lag: 12, committed: '400', since: 0 }, 125_000)).toBe(
      'partition 3: 12 messages behind, committed offset 400 unchanged for 125 s',
    );
  });
});
