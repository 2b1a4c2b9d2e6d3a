import { Decimal, ZERO, sum } from '@park/money';

/** The kinds of ledger transaction: what moved money between the voucher accounts. */
export type LedgerKind =
  'grant_issue' | 'redemption' | 'reversal' | 'grant_void' | 'grant_expiry' | 'contract_settlement';

export interface LedgerPostingInput {
  readonly accountId: string;
  /** A decimal string; positive or negative. */
  readonly amount: string;
  /** The usage year the money counts in (redemptions and their reversals), else null. */
  readonly year?: number | null;
  /** The programme of this posting when it differs from the transaction's (a statement redeems several). */
  readonly programmeId?: string;
}

/** One double-entry transaction: its postings sum to zero; the idempotency key is unique, so it posts once. */
export interface LedgerTransactionInput {
  readonly kind: LedgerKind;
  readonly idempotencyKey: string;
  readonly tenantId: string;
  /** The programme of every posting that names none. */
  readonly programmeId?: string;
  readonly statementId?: string | null;
  readonly memo: string;
  readonly postings: readonly LedgerPostingInput[];
}

/** A posting as it is written: every column known. */
export interface LedgerPostingRow {
  readonly accountId: string;
  readonly amount: string;
  readonly programmeId: string;
  readonly usageYear: number | null;
}

/** A bug of ours, not bad input: the database's deferred trigger would refuse the same at commit. */
export class UnbalancedLedgerTransaction extends Error {
  override readonly name = 'UnbalancedLedgerTransaction';
}

/**
 * The double-entry rule, in exact decimals, before anything is written: every amount a finite decimal, every posting
 * with a programme, and the postings sum to zero. Returns the rows to write.
 */
export function balancedPostings(txn: LedgerTransactionInput): LedgerPostingRow[] {
  const rows = txn.postings.map((p) => {
    const programmeId = p.programmeId ?? txn.programmeId;
    if (!programmeId)
      throw new UnbalancedLedgerTransaction(`${txn.idempotencyKey}: posting on ${p.accountId} has no programme`);
    return { accountId: p.accountId, amount: p.amount, programmeId, usageYear: p.year ?? null };
  });
  let amounts: Decimal[];
  try {
    amounts = rows.map((r) => new Decimal(r.amount));
  } catch {
    throw new UnbalancedLedgerTransaction(`${txn.idempotencyKey}: an amount is not a decimal`);
  }
  if (amounts.some((a) => !a.isFinite()))
    throw new UnbalancedLedgerTransaction(`${txn.idempotencyKey}: an amount is not finite`);
  const total = sum(amounts);
  if (!total.eq(ZERO)) {
    throw new UnbalancedLedgerTransaction(`${txn.idempotencyKey} does not balance: postings sum to ${total.toFixed()}`);
  }
  return rows;
}
