import { PartitionFailures } from './partition-failures';

describe('PartitionFailures', () => {
  it('names a partition once it failed three times in a row, with the first time and the last error', () => {
    const failures = new PartitionFailures();
    failures.failed(2, new Error('AST is too big'), 1_000);
    failures.failed(2, new Error('AST is too big'), 2_000);
    expect(failures.failing()).toEqual([]);
    failures.failed(2, new Error('AST is too big. Maximum: 50000'), 3_000);
    failures.failed(0, new Error('other'), 3_000);
    expect(failures.failing()).toEqual([
      { partition: 2, failures: 3, since: 1_000, error: 'AST is too big. Maximum: 50000' },
    ]);
  });

  it('forgets a partition once a batch of it is stored, or once another sink holds it', () => {
    const failures = new PartitionFailures(1);
    failures.failed(1, 'x');
    failures.failed(2, 'y');
    failures.succeeded(1);
    expect(failures.failing().map((f) => f.partition)).toEqual([2]);
    failures.keepOnly(new Set([0, 1]));
    expect(failures.failing()).toEqual([]);
  });

  it('waits twice as long after each failure, up to the maximum', () => {
    const failures = new PartitionFailures(3, { initialMs: 500, maxMs: 30_000 });
    const waits = Array.from({ length: 9 }, () => failures.failed(4, 'down'));
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
