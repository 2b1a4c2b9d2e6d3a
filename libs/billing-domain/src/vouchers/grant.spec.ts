import { Decimal } from '@park/money';
import { GrantExhausted, GrantNotActive } from '../errors/domain.errors';
import { ValidationError } from '../errors/validation.error';
import { aGrant, aProgramme } from '../testing/builders';
import { assertRedeemable, buildGrant, validateGrantIssue } from './grant';

describe('grants', () => {
  const programme = aProgramme({
    caps: { minFaceValue: '10000.00', maxFaceValue: '500000.00', singleUsePerContract: true },
    window: { from: '2025-01-01', to: '2025-12-31' },
  });

  it('validates a new grant against the programme, reporting every problem', () => {
    try {
      validateGrantIssue({
        programme,
        grant: aGrant({ faceValue: '5000.00', balance: '4000.00', validTo: '2026-06-30' }),
        existingGrants: [],
      });
      throw new Error('expected ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.message)).toEqual([
        'a new grant starts with its full face value',
        'below the programme minimum 10000.00',
        'validity must lie within the programme window 2025-01-01..2025-12-31',
        'the programme grants once per contract; name the contract',
      ]);
    }
  });

  it('grants once per contract', () => {
    const first = validateGrantIssue({ programme, grant: aGrant({ contractId: 'c-1' }), existingGrants: [] });
    expect(first.faceValue.toFixed(2)).toBe('300000.00');
    expect(() =>
      validateGrantIssue({ programme, grant: aGrant({ id: 'g-2', contractId: 'c-1' }), existingGrants: [first] }),
    ).toThrow('contract c-1 already holds grant g-1');
    expect(
      validateGrantIssue({
        programme,
        grant: aGrant({ id: 'g-2', contractId: 'c-1' }),
        existingGrants: [{ ...first, status: 'revoked' }],
      }).id,
    ).toBe('g-2');
  });

  it('rejects a face value above the maximum and malformed fields', () => {
    expect(() =>
      validateGrantIssue({
        programme,
        grant: aGrant({ faceValue: '600000.00', contractId: 'c-9' }),
        existingGrants: [],
      }),
    ).toThrow('above the programme maximum 500000.00');
    expect(() => buildGrant(aGrant({ faceValue: '1.001', validFrom: '2025-13-01' }))).toThrow(ValidationError);
    expect(() => buildGrant(aGrant({ faceValue: '100.00', balance: '200.00' }))).toThrow('greater than the face value');
  });

  it('guards a redemption posted to the ledger', () => {
    const grant = buildGrant(aGrant({ balance: '100.00' }));
    expect(() => assertRedeemable(grant, new Decimal('100.00'))).not.toThrow();
    expect(() => assertRedeemable(grant, new Decimal('100.01'))).toThrow(GrantExhausted);
    expect(() => assertRedeemable({ ...grant, status: 'suspended' }, new Decimal('1'))).toThrow(GrantNotActive);
  });
});
