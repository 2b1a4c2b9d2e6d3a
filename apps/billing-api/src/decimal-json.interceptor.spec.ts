import { Prisma } from '@park/db';
import { presentDecimals } from './decimal-json.interceptor';

const d = (s: string) => new Prisma.Decimal(s);

describe('presentDecimals: the one format of billing-api answers', () => {
  it('shows money with two decimals, from a Decimal column or a stored JSON string', () => {
    expect(
      presentDecimals({
        amount: d('20'),
        unitPrice: d('10'),
        quantity: d('10.000000'),
        explanation: { lineAmount: '100', limits: [{ name: 'grant_balance', remaining: '2000000' }], raw: '20' },
      }),
    ).toEqual({
      amount: '20.00',
      unitPrice: '10.00',
      quantity: '10',
      explanation: { lineAmount: '100.00', limits: [{ name: 'grant_balance', remaining: '2000000.00' }], raw: '20' },
    });
  });

  it('never rounds: an unrounded amount and a six-decimal unit price keep their digits', () => {
    expect(presentDecimals({ proratedEligible: '33.333333', unitPrice: '0.000125' })).toEqual({
      proratedEligible: '33.333333',
      unitPrice: '0.000125',
    });
  });

  it('leaves audit records as they were hashed, and text that is not a number alone', () => {
    const event = { action: 'grant.issue', after: { faceValue: '1000' }, payload: { amount: '5' } };
    expect(presentDecimals(event)).toEqual(event);
    expect(presentDecimals({ target: 'pool', amount: 'n/a' })).toEqual({ target: 'pool', amount: 'n/a' });
  });
});
