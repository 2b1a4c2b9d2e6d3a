import { LagProgress } from '@park/usage-pipeline';
import { SinkStallGuard, STALL_EXIT_CODE } from './sink-stall.guard';

function guardWith(limits: { storeStallMs: number; stallExitMs: number }, failing: number[] = []) {
  const logged: string[] = [];
  const exits: number[] = [];
  const guard = new SinkStallGuard(
    limits,
    { error: (message: string) => void logged.push(message) },
    () => new Set(failing),
    (code) => void exits.push(code),
  );
  const progress = new LagProgress();
  guard.watch(progress);
  return { guard, progress, logged, exits };
}

describe('SinkStallGuard', () => {
  it('names a store in flight past the limit, logs it once, and exits once it lasts the exit limit', () => {
    const { guard, logged, exits } = guardWith({ storeStallMs: 60_000, stallExitMs: 300_000 });
    guard.stores.begin(1, 'recovery', '40', 0);
    guard.tick(60_000);
    expect(logged).toEqual([]);
    guard.tick(61_000);
    guard.tick(120_000);
    expect(logged).toEqual([
      'stalled: partition 1: recovery of the batch at offset 40 running for 61 s since 1970-01-01T00:00:00.000Z ' +
        '(limit SINK_STORE_STALL_MS 60000 ms)',
    ]);
    expect(guard.stalls(120_000).lines).toHaveLength(1);
    expect(exits).toEqual([]);
    guard.tick(300_000);
    expect(exits).toEqual([STALL_EXIT_CODE]);
  });

  it('names a partition behind whose committed offset does not move, unless it is failing (already named)', () => {
    const { guard, progress, logged, exits } = guardWith({ storeStallMs: 10_000, stallExitMs: 30_000 }, [2]);
    progress.observe(0, 5n, 100n, 0);
    progress.observe(2, 9n, 100n, 0);
    guard.tick(20_000);
    expect(guard.stalls(20_000).partitions.map((s) => s.partition)).toEqual([0]);
    expect(logged).toEqual([
      'stalled: partition 0: 100 messages behind, committed offset 5 unchanged for 20 s ' +
        '(limit SINK_STORE_STALL_MS 10000 ms)',
    ]);
    progress.observe(0, 80n, 25n, 25_000); // it moves again: its clock starts again
    expect(guard.stalls(30_000).lines).toEqual([]);
    guard.tick(50_000); // stalled again for 25 s: under the exit limit (30 s)
    expect(exits).toEqual([]);
    guard.tick(55_001);
    expect(exits).toEqual([STALL_EXIT_CODE]);
  });

  it('never exits with SINK_STALL_EXIT_MS 0, and an ended store is no stall', () => {
    const { guard, exits } = guardWith({ storeStallMs: 1_000, stallExitMs: 0 });
    guard.stores.begin(0, 'store', '1', 0);
    guard.tick(10_000_000);
    expect(exits).toEqual([]);
    const end = guard.stores.begin(0, 'store', '2', 10_000_000);
    end();
    expect(guard.stalls(20_000_000).lines).toEqual([]);
  });
});
