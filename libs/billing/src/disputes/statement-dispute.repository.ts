import { Injectable } from '@nestjs/common';
import type { DisputedDeduction, Mechanism } from '@park/billing-domain';
import { PrismaService, type Prisma } from '@park/db';
import { type Decimal, ZERO, sum } from '@park/money';
import { toDecimal } from '../support/decimal.mapper';

export type DisputeRow = Prisma.StatementDisputeGetPayload<object>;
type Tx = Prisma.TransactionClient;

/** A line of an issued statement as a dispute sees it: its amount, and what of it still stands. */
export interface DisputedLine {
  readonly lineId: string;
  readonly contractId: string | null;
  readonly amount: Decimal;
  /** The amount less what disputes accepted before credited. */
  readonly standing: Decimal;
  /** The line's deductions net of those disputes' reversals (zero ones left out). */
  readonly deductions: readonly DisputedDeduction[];
}

/**
 * statement_disputes, and what a dispute reads of the statement it concerns. Every query takes the tenant id. The
 * writes of an acceptance run in the caller's transaction (StatementDisputeService), with the ledger's one writer.
 */
@Injectable()
export class StatementDisputeRepository {
  constructor(private readonly prisma: PrismaService) {}

  get db() {
    return this.prisma.client;
  }

  list(tenantId: string, statementId: string): Promise<DisputeRow[]> {
    return this.db.statementDispute.findMany({
      where: { tenantId, statementId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** Every dispute in a state (the operator's worklist), oldest first, at most `take`. */
  listByState(state: string | undefined, take: number) {
    return this.db.statementDispute.findMany({
      where: state ? { state } : {},
      include: { statement: { select: { periodId: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
    });
  }

  find(tenantId: string, statementId: string, id: string): Promise<DisputeRow | null> {
    return this.db.statementDispute.findFirst({ where: { id, tenantId, statementId } });
  }

  /** Locks the dispute row for its resolution: a second resolution waits, then finds it resolved. */
  async lock(tx: Tx, tenantId: string, id: string): Promise<DisputeRow | null> {
    await tx.$queryRaw`SELECT 1 FROM statement_disputes WHERE id = ${id} AND tenant_id = ${tenantId} FOR UPDATE`;
    return tx.statementDispute.findFirst({ where: { id, tenantId } });
  }

  /** The line with what stands of it and of its deductions, or null when the statement has no such line. */
  async line(db: Tx, tenantId: string, statementId: string, lineId: string): Promise<DisputedLine | null> {
    const row = await db.statementLine.findFirst({ where: { tenantId, statementId, lineId } });
    if (!row) return null;
    const [rows, accepted] = await Promise.all([
      db.deduction.findMany({ where: { tenantId, statementId, lineId }, orderBy: { id: 'asc' } }),
      db.statementDispute.findMany({ where: { tenantId, statementId, lineId, state: 'accepted' } }),
    ]);
    const taken = new Map<string, Decimal>();
    for (const r of rows.filter((d) => d.disputeId !== null)) {
      const of = (r.explanation as { reverses?: string }).reverses ?? '';
      taken.set(of, (taken.get(of) ?? ZERO).plus(toDecimal(r.amount)));
    }
    const amount = toDecimal(row.amount);
    return {
      lineId,
      contractId: row.contractId,
      amount,
      standing: amount.minus(sum(accepted.map((d) => toDecimal(d.creditedAmount ?? '0')))),
      deductions: rows
        .filter((d) => d.disputeId === null)
        .map((d) => ({
          deductionId: d.id,
          grantId: d.grantId,
          programmeId: d.programmeId,
          mechanism: d.mechanism as Mechanism,
          year: d.usageYear,
          amount: toDecimal(d.amount).plus(taken.get(d.id) ?? ZERO),
        }))
        .filter((d) => d.amount.gt(ZERO)),
    };
  }

  /** Claim lines of these programmes that cover the line (the whole statement, or the line's contract). */
  async claimsCovering(statementId: string, programmeIds: readonly string[], contractId: string | null) {
    return this.db.claimLine.findMany({
      where: {
        statementId,
        programmeId: { in: [...programmeIds] },
        contractId: { in: ['', ...(contractId ? [contractId] : [])] },
      },
      select: { claimId: true, programmeId: true },
    });
  }

  /** Grants of these ids that were clawed back (their redemptions already reversed in full). */
  async clawedBack(tx: Tx, grantIds: readonly string[]): Promise<string[]> {
    const rows = await tx.clawback.findMany({ where: { grantId: { in: [...grantIds] } }, select: { grantId: true } });
    return rows.map((r) => r.grantId);
  }

  /** Locks the tenant's grants in id order: the order the issuing transaction takes them in, so the two queue. */
  async lockGrants(tx: Tx, tenantId: string): Promise<void> {
    await tx.$queryRaw`SELECT 1 FROM grants WHERE tenant_id = ${tenantId} ORDER BY id FOR UPDATE`;
  }

  /** The negative deduction rows of an acceptance: the part of each deduction it took back. */
  async addReversals(
    tx: Tx,
    input: {
      tenantId: string;
      statementId: string;
      lineId: string;
      disputeId: string;
      ledgerTransactionId: string;
      reversals: readonly (DisputedDeduction & { amount: Decimal })[];
    },
  ): Promise<void> {
    await tx.deduction.createMany({
      data: input.reversals.map((r) => ({
        id: `${r.deductionId}:dispute:${input.disputeId}`,
        statementId: input.statementId,
        tenantId: input.tenantId,
        lineId: input.lineId,
        grantId: r.grantId,
        programmeId: r.programmeId,
        mechanism: r.mechanism,
        usageYear: r.year,
        amount: r.amount.negated().toFixed(2),
        explanation: { reverses: r.deductionId, disputeId: input.disputeId },
        ledgerTransactionId: input.ledgerTransactionId,
        disputeId: input.disputeId,
      })),
    });
  }

  /** The voucher counters (tenant-year, cumulative, pool) give back what the reversal returned. */
  async returnToCounters(tx: Tx, tenantId: string, r: { programmeId: string; year: number; amount: Decimal }) {
    const amount = r.amount.toFixed(2);
    await tx.$executeRaw`
      UPDATE voucher_counters SET used = used - ${amount}::numeric
      WHERE programme_id = ${r.programmeId}
        AND ((tenant_id = ${tenantId} AND year IN (${r.year}, 0)) OR (tenant_id = '' AND year = ${r.year}))`;
  }
}
