import { Rng, WeightedTable } from './mulberry32.rng';

describe('Rng', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng(43).next()).not.toBe(xs[0]);
    const ints = Array.from({ length: 1000 }, () => a.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });

  it('forks independent streams by label', () => {
    const r = new Rng(7);
    expect(r.fork('a').next()).toBe(new Rng(7).fork('a').next());
    expect(r.fork('a').next()).not.toBe(r.fork('b').next());
  });

  it('picks by weight', () => {
    const table = new WeightedTable([
      ['x', 9],
      ['y', 1],
    ] as const);
    const r = new Rng(1);
    const ys = Array.from({ length: 10_000 }, () => table.pick(r)).filter((v) => v === 'y').length;
    expect(ys).toBeGreaterThan(800);
    expect(ys).toBeLessThan(1200);
  });
});
