import { Decimal, ZERO } from '@park/money';
import { ValidationError } from '../errors/validation.error';
import { aPriceBook, instant, LIST_PRICES, perUnit, tiered, volume } from '../testing/builders';
import { buildPriceBook, versionAt } from './price-book';
import { charge } from './price-model';
import type { PriceModel } from './price-model.types';

const d = (s: string) => new Decimal(s);
const model = (spec: ReturnType<typeof tiered>): PriceModel => {
  const book = buildPriceBook({
    id: 'b',
    versions: [{ version: 1, effectiveFrom: instant('2025-01-01T00:00:00Z'), prices: { x: spec } }],
  });
  const m = book.versions[0].prices.get('x');
  if (!m) throw new Error('missing');
  return m;
};

describe('price models (one result shape)', () => {
  const graduated = model(tiered(['100', '30'], ['500', '25'], [null, '20']));
  const byVolume = model(volume(['100', '30'], ['500', '25'], [null, '20']));

  it('per unit: quantity × price', () => {
    expect(
      charge(model(perUnit('12.345678')), { quantity: d('2'), monthBefore: ZERO, monthTotal: d('2') }).amount.toFixed(),
    ).toBe('24.691356');
  });

  it('tiered: each unit at the tier it falls in, given where the month already is', () => {
    const whole = charge(graduated, { quantity: d('600'), monthBefore: ZERO, monthTotal: d('600') });
    expect(whole.amount.toFixed()).toBe('15000'); // 100×30 + 400×25 + 100×20
    expect(whole.parts.map((p) => [p.tier, p.quantity.toFixed(), p.amount.toFixed()])).toEqual([
      [0, '100', '3000'],
      [1, '400', '10000'],
      [2, '100', '2000'],
    ]);
    const first = charge(graduated, { quantity: d('80'), monthBefore: ZERO, monthTotal: d('600') });
    const rest = charge(graduated, { quantity: d('520'), monthBefore: d('80'), monthTotal: d('600') });
    expect(first.amount.plus(rest.amount).toFixed()).toBe('15000');
  });

  it('volume: every unit at the tier the month total reaches; bounds inclusive', () => {
    expect(charge(byVolume, { quantity: d('10'), monthBefore: ZERO, monthTotal: d('100') }).amount.toFixed()).toBe(
      '300',
    );
    expect(charge(byVolume, { quantity: d('10'), monthBefore: ZERO, monthTotal: d('100.5') }).amount.toFixed()).toBe(
      '250',
    );
    expect(charge(byVolume, { quantity: d('10'), monthBefore: ZERO, monthTotal: d('9999') }).amount.toFixed()).toBe(
      '200',
    );
  });

  it('rejects badly formed tiers and prices, all problems at once', () => {
    try {
      buildPriceBook({
        id: 'b',
        versions: [
          {
            version: 1,
            effectiveFrom: instant('2025-01-01T00:00:00Z'),
            prices: { a: tiered(['100', '30'], ['50', '25']), b: perUnit('1.1234567'), c: volume() },
          },
        ],
      });
      throw new Error('expected ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual([
        'priceBook.versions[0].prices.a.tiers[1].upTo',
        'priceBook.versions[0].prices.a.tiers[1].upTo',
        'priceBook.versions[0].prices.b.unitPrice',
        'priceBook.versions[0].prices.c.tiers',
      ]);
    }
  });

  it('picks the version in force; versions must move forward', () => {
    const book = aPriceBook({
      versions: [
        { version: 2, effectiveFrom: instant('2025-02-01T00:00:00+08:00'), prices: LIST_PRICES },
        { version: 1, effectiveFrom: instant('2025-01-01T00:00:00+08:00'), prices: LIST_PRICES },
      ],
    });
    expect(versionAt(book, instant('2024-12-31T23:00:00+08:00'))).toBeUndefined();
    expect(versionAt(book, instant('2025-01-31T23:59:59+08:00'))?.version).toBe(1);
    expect(versionAt(book, instant('2025-02-01T00:00:00+08:00'))?.version).toBe(2);
    expect(() =>
      aPriceBook({
        versions: [
          { version: 1, effectiveFrom: instant('2025-02-01T00:00:00+08:00'), prices: LIST_PRICES },
          { version: 2, effectiveFrom: instant('2025-01-01T00:00:00+08:00'), prices: LIST_PRICES },
        ],
      }),
    ).toThrow('version 1 must be later than version 2');
  });
});
