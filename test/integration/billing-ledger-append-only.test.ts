import type { INestApplication } from '@nestjs/common';
import { BillingWorld, billingApp } from './billing-park.fixture';

describe('the voucher ledger', () => {
  let app: INestApplication;
  let world: BillingWorld;

  beforeAll(async () => {
    app = await billingApp();
    world = await new BillingWorld(app).setUp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses UPDATE and DELETE of entries, and unbalanced transactions', async () => {
    const tenantId = await world.tenant();
    const programmeId = await world.programme({ ratio: '0.3' });
    const grantId = await world.grant(tenantId, programmeId, '1000.00');
    const account = `grant:${grantId}`;
    const prisma = world.prisma;

    await expect(prisma.$executeRawUnsafe(`UPDATE ledger_postings SET amount = 999999 WHERE account_id = $1`, account)).rejects.toThrow(/append-only: UPDATE on ledger_postings/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM ledger_postings WHERE account_id = $1`, account)).rejects.toThrow(/append-only: DELETE on ledger_postings/);
    await expect(prisma.$executeRawUnsafe(`UPDATE ledger_transactions SET memo = 'edited' WHERE tenant_id = $1`, tenantId)).rejects.toThrow(/append-only: UPDATE on ledger_transactions/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM ledger_transactions WHERE tenant_id = $1`, tenantId)).rejects.toThrow(/append-only: DELETE on ledger_transactions/);
    await expect(prisma.$executeRawUnsafe(`TRUNCATE ledger_postings CASCADE`)).rejects.toThrow(/append-only/);

    // double entry: a transaction whose postings do not sum to zero is refused when it commits
    await expect(
      prisma.$executeRawUnsafe(
        `WITH t AS (INSERT INTO ledger_transactions (id, kind, idempotency_key, tenant_id) VALUES (gen_random_uuid(), 'reversal', $1, $2) RETURNING id)
         INSERT INTO ledger_postings (transaction_id, account_id, amount, programme_id, tenant_id) SELECT id, $3, 10, $4, $2 FROM t`,
        `test:${grantId}`, tenantId, account, programmeId,
      ),
    ).rejects.toThrow(/does not balance/);

    const balance = await world.grants.get(tenantId, grantId);
    expect(balance.balance).toBe('1000.00');
  });
});
