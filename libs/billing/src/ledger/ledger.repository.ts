import { Injectable } from '@nestjs/common';
import type { Prisma } from '@park/db';
import { Decimal } from '@park/money';
import { balancedPostings, type LedgerTransactionInput } from './ledger-transaction';

/** A piece of SQL with its parameters, numbered from where the embedding statement says. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The ledger's one writer. Every transaction is checked here first (`balancedPostings`: the postings sum to zero in
 * exact decimals); the deferred trigger `ledger_postings_balanced` checks it again at commit, against a bug anywhere.
 */
@Injectable()
export class LedgerRepository {
  /** Posts inside the caller's transaction (grant issue, clawback, expiry). Returns the transaction id. */
  async post(tx: Prisma.TransactionClient, txn: LedgerTransactionInput): Promise<string> {
    const rows = balancedPostings(txn);
    const { kind, idempotencyKey, tenantId, memo } = txn;
    const created = await tx.ledgerTransaction.create({
      data: { kind, idempotencyKey, tenantId, memo, statementId: txn.statementId ?? null },
    });
    await tx.ledgerPosting.createMany({
      data: rows.map((r) => ({ transactionId: created.id, tenantId, ...r })),
    });
    return created.id;
  }

  /**
   * The same transaction as two data-modifying CTEs, `txn` and `postings`, for a statement that must stay one round
   * trip (the issue: 10,000 tenants a close). Nothing is written when there are no postings; other CTEs of the
   * embedding statement take the transaction id from `txn`. Parameters are numbered from `first`.
   */
  postingCtes(txn: LedgerTransactionInput, first: number): SqlFragment {
    const rows = balancedPostings(txn);
    const $ = (i: number) => `$${first + i}`;
    return {
      sql: `txn AS (INSERT INTO ledger_transactions (id, kind, idempotency_key, tenant_id, statement_id, memo)
               SELECT gen_random_uuid(), ${$(0)}::text, ${$(1)}::text, ${$(2)}::text, ${$(3)}::uuid, ${$(4)}::text
               WHERE cardinality(${$(5)}::text[]) > 0 RETURNING id),
       postings AS (INSERT INTO ledger_postings
                      (transaction_id, account_id, amount, programme_id, tenant_id, usage_year)
                    SELECT txn.id, a, m, p, ${$(2)}::text, y
                    FROM txn, unnest(${$(5)}::text[], ${$(6)}::numeric[], ${$(7)}::text[], ${$(8)}::int[])
                              AS u(a, m, p, y))`,
      params: [
        txn.kind,
        txn.idempotencyKey,
        txn.tenantId,
        txn.statementId ?? null,
        txn.memo,
        rows.map((r) => r.accountId),
        rows.map((r) => r.amount),
        rows.map((r) => r.programmeId),
        rows.map((r) => r.usageYear),
      ],
    };
  }

  /** An account's balance: the sum of its postings (read inside the caller's transaction, under its locks). */
  async balanceOf(tx: Prisma.TransactionClient, accountId: string): Promise<Decimal> {
    const [{ balance }] = await tx.$queryRaw<{ balance: string }[]>`
      SELECT COALESCE(SUM(amount), 0)::text AS balance FROM ledger_postings WHERE account_id = ${accountId}`;
    return new Decimal(balance);
  }

  /** What an account paid out on statements, per usage year (its redemption postings, negated); zero years left out. */
  async redeemedByYear(tx: Prisma.TransactionClient, accountId: string): Promise<{ year: number; amount: Decimal }[]> {
    const rows = await tx.$queryRaw<{ usage_year: number; amount: string }[]>`
      SELECT p.usage_year, (-SUM(p.amount))::text AS amount
      FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
      WHERE p.account_id = ${accountId} AND t.kind = 'redemption'
      GROUP BY p.usage_year HAVING SUM(p.amount) <> 0 ORDER BY p.usage_year`;
    return rows.map((r) => ({ year: Number(r.usage_year), amount: new Decimal(r.amount) }));
  }
}
