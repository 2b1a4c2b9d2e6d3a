import { balancedPostings, UnbalancedLedgerTransaction, type LedgerTransactionInput } from './ledger-transaction';

const txn = (postings: LedgerTransactionInput['postings'], programmeId = 'prg-a') => ({
  kind: 'reversal' as const,
  idempotencyKey: 'clawback:g1',
  tenantId: 't1',
  programmeId,
  memo: 'test',
  postings,
});

describe('the double-entry rule (balancedPostings)', () => {
  it('passes postings that sum to zero in exact decimals (0.1 + 0.2 − 0.3), each with its programme', () => {
    const rows = balancedPostings(
      txn([
        { accountId: 'grant:g1', amount: '0.1', year: 2026 },
        { accountId: 'grant:g2', amount: '0.2', programmeId: 'prg-b' },
        { accountId: 'programme:prg-a:redeemed', amount: '-0.3' },
      ]),
    );
    expect(rows).toEqual([
      { accountId: 'grant:g1', amount: '0.1', programmeId: 'prg-a', usageYear: 2026 },
      { accountId: 'grant:g2', amount: '0.2', programmeId: 'prg-b', usageYear: null },
      { accountId: 'programme:prg-a:redeemed', amount: '-0.3', programmeId: 'prg-a', usageYear: null },
    ]);
  });

  it('refuses postings that do not sum to zero, naming the transaction and the sum', () => {
    const unbalanced = txn([
      { accountId: 'grant:g1', amount: '100.00' },
      { accountId: 'programme:prg-a:issued', amount: '-99.99' },
    ]);
    expect(() => balancedPostings(unbalanced)).toThrow(UnbalancedLedgerTransaction);
    expect(() => balancedPostings(unbalanced)).toThrow('clawback:g1 does not balance: postings sum to 0.01');
  });

  it('refuses an amount that is not a finite decimal, and a posting with no programme', () => {
    expect(() => balancedPostings(txn([{ accountId: 'grant:g1', amount: 'ten' }]))).toThrow(/not a decimal/);
    expect(() => balancedPostings(txn([{ accountId: 'grant:g1', amount: 'Infinity' }]))).toThrow(/not finite/);
    expect(() => balancedPostings(txn([{ accountId: 'grant:g1', amount: '0' }], ''))).toThrow(
      'clawback:g1: posting on grant:g1 has no programme',
    );
  });
});
