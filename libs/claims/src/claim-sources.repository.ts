import { Injectable } from '@nestjs/common';
import type { ProgrammeVersion } from '@park/billing-domain';
import { ledgerAccount, toDecimal, toProgrammeVersions } from '@park/billing';
import { PrismaService, type Prisma } from '@park/db';
import type { Decimal } from '@park/money';
import type { ClaimedKey } from './claim-scope';

export type DeductionRow = Prisma.DeductionGetPayload<object>;
export type StatementLineRow = Prisma.StatementLineGetPayload<object>;
/** A deduction with the statement (and tenant) it sits on: what a claim line is built from. */
export type ClaimableDeduction = Prisma.DeductionGetPayload<{ include: { statement: { include: { tenant: true } } } }>;

/** A programme's rules versions (version 1 first) and its bureau's name: what `ClaimRules` chooses from. */
export interface ProgrammeOfClaim {
  readonly versions: readonly ProgrammeVersion[];
  readonly bureauName: string;
}

/** What claims read of billing's rows: programmes, deductions, statement lines, contracts, ledger postings. */
@Injectable()
export class ClaimSourcesRepository {
  constructor(private readonly prisma: PrismaService) {}

  private get db() {
    return this.prisma.client;
  }

  /**
   * Every rules version of the programme, each built by billing-domain's `buildProgramme` (so its defaults are the
   * domain's: `on_bill`, no settlement cadence, rejected amounts to the tenant), or null. Which one a claim follows
   * is `ClaimRules`' choice (claim-rules.ts), never the caller's.
   */
  async programme(id: string): Promise<ProgrammeOfClaim | null> {
    const row = await this.db.programme.findUnique({
      where: { id },
      include: { bureau: true, rulesVersions: { orderBy: { version: 'asc' } } },
    });
    if (!row) return null;
    return { versions: toProgrammeVersions(row), bureauName: row.bureau.name };
  }

  /** The distinct parks of these tenants. */
  async parksOf(tenantIds: readonly string[]): Promise<string[]> {
    const rows = await this.db.tenant.findMany({
      where: { id: { in: [...new Set(tenantIds)] } },
      select: { parkId: true },
      distinct: ['parkId'],
    });
    return rows.map((r) => r.parkId);
  }

  async contractExists(id: string): Promise<boolean> {
    return (await this.db.contract.count({ where: { id } })) > 0;
  }

  /** A contract's end (exclusive; null: open-ended), or undefined when there is no such contract. */
  async contractEnd(id: string): Promise<Date | null | undefined> {
    const row = await this.db.contract.findUnique({ where: { id }, select: { effectiveTo: true } });
    return row ? row.effectiveTo : undefined;
  }

  contractsOf(tenantIds: readonly string[]) {
    return this.db.contract.findMany({ where: { tenantId: { in: [...tenantIds] } } });
  }

  /** Statement × contract keys the programme's claims already hold. */
  claimedKeys(programmeId: string): Promise<ClaimedKey[]> {
    return this.db.claimLine.findMany({ where: { programmeId }, select: { statementId: true, contractId: true } });
  }

  /**
   * The programme's deductions on statements in these states (and periods, when given), but not on the statements
   * left out, nor of a grant clawed back (reversed in the ledger: nothing to claim).
   */
  async claimableDeductions(q: {
    programmeId: string;
    periods: readonly string[] | null;
    statuses: readonly ('issued' | 'paid')[];
    excludedStatements: readonly string[];
  }): Promise<ClaimableDeduction[]> {
    const clawedBack = await this.db.clawback.findMany({
      where: { programmeId: q.programmeId },
      select: { grantId: true },
    });
    return this.db.deduction.findMany({
      where: {
        programmeId: q.programmeId,
        grantId: { notIn: clawedBack.map((c) => c.grantId) },
        statement: { ...(q.periods ? { periodId: { in: [...q.periods] } } : {}), status: { in: [...q.statuses] } },
        statementId: { notIn: [...q.excludedStatements] },
      },
      include: { statement: { include: { tenant: true } } },
    });
  }

  /**
   * Statements held out of the programme's claims: an open dispute (申诉) sits on a line the programme deducted from.
   * A claim line takes a statement's redemptions whole, so the statement waits until the dispute is resolved: then
   * all of it (rejected) or what the acceptance left (its reversal is a negative deduction on the statement).
   */
  async heldByDisputes(programmeId: string): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ statement_id: string }[]>`
      SELECT DISTINCT s.statement_id::text AS statement_id FROM statement_disputes s
      WHERE s.state = 'open' AND EXISTS (
        SELECT 1 FROM deductions d WHERE d.statement_id = s.statement_id AND d.line_id = s.line_id
          AND d.programme_id = ${programmeId} AND d.amount > 0)`;
    return rows.map((r) => r.statement_id);
  }

  deductionsOn(programmeId: string, statementIds: readonly string[]): Promise<DeductionRow[]> {
    return this.db.deduction.findMany({ where: { programmeId, statementId: { in: [...statementIds] } } });
  }

  statementLines(statementIds: readonly string[]): Promise<StatementLineRow[]> {
    return this.db.statementLine.findMany({
      where: { statementId: { in: [...statementIds] } },
      orderBy: [{ statementId: 'asc' }, { lineId: 'asc' }],
    });
  }

  /**
   * Other programmes' deductions on these statements, where a claim of that programme holds the statement: what the
   * cross-programme check compares a claim's lines with.
   */
  async otherClaimedDeductions(programmeId: string, statementIds: readonly string[]) {
    const held = await this.db.claimLine.findMany({
      where: { statementId: { in: [...statementIds] }, programmeId: { not: programmeId } },
      select: { claimId: true, programmeId: true, statementId: true },
    });
    if (held.length === 0) return [];
    const deductions = await this.db.deduction.findMany({
      where: {
        statementId: { in: [...new Set(held.map((h) => h.statementId))] },
        programmeId: { in: [...new Set(held.map((h) => h.programmeId))] },
      },
      select: { statementId: true, lineId: true, programmeId: true, amount: true },
    });
    return deductions.flatMap((d) =>
      held
        .filter((h) => h.statementId === d.statementId && h.programmeId === d.programmeId)
        .map((h) => ({ ...d, claimId: h.claimId })),
    );
  }

  /** Billing unit and units per billing unit of these SKUs (the delivery certificate's GPU-hours). */
  skuUnits(codes: readonly string[]) {
    return this.db.sku.findMany({
      where: { code: { in: [...codes] } },
      select: { code: true, billingUnit: true, unitsPerBillingUnit: true },
    });
  }

  /** The sum of the postings on the programme's redeemed account of these statements' ledger transactions. */
  redeemedOn(programmeId: string, statementIds: readonly string[]): Promise<Decimal> {
    return this.redeemed(programmeId, { statementId: { in: [...statementIds] } });
  }

  /** The same sum over the ledger transactions of these idempotency keys (contract settlements). */
  redeemedBy(programmeId: string, idempotencyKeys: readonly string[]): Promise<Decimal> {
    return this.redeemed(programmeId, { idempotencyKey: { in: [...idempotencyKeys] } });
  }

  private async redeemed(programmeId: string, transaction: Prisma.LedgerTransactionWhereInput): Promise<Decimal> {
    const postings = await this.db.ledgerPosting.aggregate({
      _sum: { amount: true },
      where: { accountId: ledgerAccount.redeemed(programmeId), transaction },
    });
    return toDecimal(postings._sum.amount ?? '0');
  }

  /** The programme's settlements with a subsidy not yet on one of its claims (of one contract, when given). */
  async unclaimedSettlements(programmeId: string, contractId: string | null) {
    const claimed = await this.db.claimLine.findMany({ where: { programmeId }, select: { statementId: true } });
    return this.db.contractSettlement.findMany({
      where: {
        programmeId,
        subsidy: { gt: 0 },
        id: { notIn: claimed.map((c) => c.statementId) },
        ...(contractId !== null ? { contractId } : {}),
      },
      include: { contract: { include: { tenant: true } } },
      orderBy: [{ tenantId: 'asc' }, { settledOn: 'asc' }, { id: 'asc' }],
    });
  }
}
