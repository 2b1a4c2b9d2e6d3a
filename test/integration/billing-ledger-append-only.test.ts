import { LedgerRepository, UnbalancedLedgerTransaction, ledgerAccount } from '@park/billing';
import { useBillingWorld } from './billing-park.fixture';

describe('the voucher ledger', () => {
  const park = useBillingWorld();

  it('refuses UPDATE and DELETE of entries, and unbalanced transactions', async () => {
    const tenantId = await park.world.tenant();
    const programmeId = await park.world.programme({ ratio: '0.3' });
    const grantId = await park.world.grant(tenantId, programmeId, '1000.00');
    const account = `grant:${grantId}`;
    const prisma = park.world.prisma;

    await expect(
      prisma.$executeRawUnsafe(`UPDATE ledger_postings SET amount = 999999 WHERE account_id = $1`, account),
    ).rejects.toThrow(/append-only: UPDATE on ledger_postings/);
    await expect(
      prisma.$executeRawUnsafe(`DELETE FROM ledger_postings WHERE account_id = $1`, account),
    ).rejects.toThrow(/append-only: DELETE on ledger_postings/);
    await expect(
      prisma.$executeRawUnsafe(`UPDATE ledger_transactions SET memo = 'edited' WHERE tenant_id = $1`, tenantId),
    ).rejects.toThrow(/append-only: UPDATE on ledger_transactions/);
    await expect(
      prisma.$executeRawUnsafe(`DELETE FROM ledger_transactions WHERE tenant_id = $1`, tenantId),
    ).rejects.toThrow(/append-only: DELETE on ledger_transactions/);
    await expect(prisma.$executeRawUnsafe(`TRUNCATE ledger_postings CASCADE`)).rejects.toThrow(/append-only/);

    // double entry: a transaction whose postings do not sum to zero is refused when it commits
    await expect(
      prisma.$executeRawUnsafe(
        `WITH t AS (INSERT INTO ledger_transactions (id, kind, idempotency_key, tenant_id) VALUES (gen_random_uuid(),
          'reversal', $1, $2) RETURNING id)
         INSERT INTO ledger_postings (transaction_id, account_id, amount, programme_id, tenant_id) SELECT id, $3, 10,
           $4, $2 FROM t`,
        `test:${grantId}`,
        tenantId,
        account,
        programmeId,
      ),
    ).rejects.toThrow(/does not balance/);

    const balance = await park.world.grants.get(tenantId, grantId);
    expect(balance.balance).toBe('1000.00');
  });

  it('has one writer: refuses an unbalanced transaction before writing, posts a balanced one', async () => {
    const tenantId = await park.world.tenant();
    const programmeId = await park.world.programme({ ratio: '0.3' });
    const grantId = await park.world.grant(tenantId, programmeId, '100.00');
    const ledger = park.app.get(LedgerRepository);
    const prisma = park.world.prisma;
    const transaction = (amount: string, key: string) => ({
      kind: 'grant_void' as const,
      idempotencyKey: key,
      tenantId,
      programmeId,
      memo: 'test',
      postings: [
        { accountId: ledgerAccount.grant(grantId), amount: '-40.00' },
        { accountId: ledgerAccount.issued(programmeId), amount },
      ],
    });
    await expect(
      prisma.$transaction((tx) => ledger.post(tx, transaction('39.99', `test-unbalanced:${grantId}`))),
    ).rejects.toThrow(UnbalancedLedgerTransaction);
    expect(await prisma.ledgerTransaction.count({ where: { idempotencyKey: `test-unbalanced:${grantId}` } })).toBe(0);

    await prisma.$transaction((tx) => ledger.post(tx, transaction('40.00', `test-balanced:${grantId}`)));
    expect((await park.world.grants.get(tenantId, grantId)).balance).toBe('60.00');
  });
});
