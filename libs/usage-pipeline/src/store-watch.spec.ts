import { describeStall, StoreWatch } from './store-watch';

describe('StoreWatch', () => {
  it('names a store only once it runs longer than the limit, and forgets it when it ends', () => {
    const watch = new StoreWatch(60_000);
    const end = watch.begin(2, 'store', '1200', 1_000);
    expect(watch.stalled(61_000)).toEqual([]);
    expect(watch.stalled(61_001)).toEqual([{ partition: 2, step: 'store', offset: '1200', since: 1_000 }]);
    expect(watch.oldestMs(61_001)).toBe(60_001);
    end();
    expect(watch.stalled(120_000)).toEqual([]);
    expect(watch.oldestMs(120_000)).toBe(0);
  });

  it('an ended store does not end the partition store that replaced it', () => {
    const watch = new StoreWatch(1_000);
    const endFirst = watch.begin(3, 'store', '1', 0);
    watch.begin(3, 'store', '2', 10);
    endFirst();
    expect(watch.stalled(5_000).map((s) => s.offset)).toEqual(['2']);
  });

  it('describes a stall with its step, offset and age', () => {
    const line = describeStall(
      { partition: 4, step: 'recovery', offset: '88', since: Date.UTC(2026, 11, 6) },
      Date.UTC(2026, 11, 6, 0, 6),
    );
    expect(line).toBe(
      'partition 4: recovery of the batch at offset 88 running for 360 s since 2026-12-06T00:00:00.000Z',
    );
  });
});
