import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditStore, prismaAuditSql, type AuditActor } from '@park/audit-store';
import { disputeCredit, type DisputeCredit } from '@park/billing-domain';
import { Prisma } from '@park/db';
import { notifyDisputeChange } from '@park/notifications';
import { Decimal, ZERO, formatAmount, sum, tryParse, parseAmount } from '@park/money';
import { BillingErrorCode } from '../errors/billing-error-codes';
import { InvalidInput, InvalidState, NotFound } from '../errors/billing.errors';
import { ledgerAccount } from '../ledger/ledger.accounts';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ChargeRepository } from '../repositories/charge.repository';
import { StatementService } from '../services/statement.service';
import { disputeView, type DisputeView } from './dispute.view';
import { StatementDisputeRepository, type DisputeRow, type DisputedLine } from './statement-dispute.repository';

export interface OpenDispute {
  readonly lineId: string;
  readonly reason: string;
  /** Default: what still stands of the line. */
  readonly amount?: string;
}

export interface ResolveDispute {
  readonly reason?: string;
  /** Accept only: what to credit (default the amount asked for). */
  readonly amount?: string;
}

const who = (a: AuditActor) => `${a.subject} (${a.role})`;

/**
 * Disputes (申诉) of an issued statement's lines (issue 16 item 5). A tenant-admin opens one with a reason; the
 * operator accepts it (the credit goes on the tenant's next issued statement as a dispute_credit charge, the
 * vouchers' share of it returns to their grants through the ledger, billing-domain `disputeCredit` splits the two)
 * or rejects it with a reason. While a dispute is open, the programmes that deducted from the line claim nothing of
 * the statement; a line already on a claim cannot be disputed (the bureau has it: a correction goes through review).
 */
@Injectable()
export class StatementDisputeService {
  constructor(
    private readonly disputes: StatementDisputeRepository,
    private readonly statements: StatementService,
    private readonly ledger: LedgerRepository,
    private readonly charges: ChargeRepository,
    private readonly audit: AuditStore,
  ) {}

  async list(tenantId: string, periodId: string): Promise<DisputeView[]> {
    const statement = await this.statements.get(tenantId, periodId);
    return (await this.disputes.list(tenantId, statement.id)).map((d) => disputeView(d, periodId));
  }

  /** The operator's worklist: disputes of every tenant, in a state (default open), oldest first. */
  async worklist(state: 'open' | 'accepted' | 'rejected' | undefined): Promise<DisputeView[]> {
    return (await this.disputes.listByState(state, 500)).map((d) => disputeView(d, d.statement.periodId));
  }

  async get(tenantId: string, periodId: string, disputeId: string): Promise<DisputeView> {
    const statement = await this.statements.get(tenantId, periodId);
    const row = await this.disputes.find(tenantId, statement.id, disputeId);
    if (!row) throw new NotFound('dispute', disputeId);
    return disputeView(row, periodId);
  }

  async open(tenantId: string, periodId: string, input: OpenDispute, actor: AuditActor): Promise<DisputeView> {
    const asked = input.amount === undefined ? null : amountOf(input.amount, 'amount');
    const reason = input.reason?.trim() ?? '';
    if (!reason) throw new InvalidInput('dispute', [{ path: 'reason', message: 'required: why the line is wrong' }]);
    const statement = await this.statements.get(tenantId, periodId);
    const id = `dsp_${randomUUID()}`;
    const row = await this.disputes.db.$transaction(async (tx) => {
      const line = await this.lineOf(tx, tenantId, statement.id, input.lineId);
      const amount = asked ?? line.standing;
      if (!line.standing.gt(ZERO))
        throw new InvalidInput('dispute', [{ path: 'lineId', message: 'the line was credited in full already' }]);
      if (amount.gt(line.standing))
        throw new InvalidInput('dispute', [
          { path: 'amount', message: `at most what stands of the line: ${formatAmount(line.standing)}` },
        ]);
      await this.refuseClaimed(line, statement.id);
      const open = { statementId: statement.id, lineId: input.lineId, state: 'open' };
      if (await tx.statementDispute.findFirst({ where: open })) throw alreadyOpen(input.lineId);
      let created: DisputeRow;
      try {
        created = await tx.statementDispute.create({
          data: {
            id,
            statementId: statement.id,
            tenantId,
            lineId: input.lineId,
            reason,
            requestedAmount: formatAmount(amount),
            createdBy: who(actor),
          },
        });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
          throw alreadyOpen(input.lineId);
        throw error;
      }
      const sql = prismaAuditSql(tx);
      await this.audit.append(sql, {
        actor,
        action: 'statement-dispute.open',
        entityType: 'statement_dispute',
        entityId: id,
        before: null,
        after: disputeView(created, periodId),
        payload: { tenantId, periodId, statementId: statement.id, lineId: input.lineId },
      });
      await notifyDisputeChange(sql, { ...created, state: 'open', detail: { periodId, reason } });
      return created;
    });
    return disputeView(row, periodId);
  }

  async reject(tenantId: string, periodId: string, disputeId: string, input: ResolveDispute, actor: AuditActor) {
    const reason = input.reason?.trim() ?? '';
    if (!reason) throw new InvalidInput('rejection', [{ path: 'reason', message: 'required: told to the tenant' }]);
    return this.resolve(tenantId, periodId, disputeId, actor, async (tx, row) => {
      const after = await tx.statementDispute.update({
        where: { id: row.id },
        data: { state: 'rejected', resolutionReason: reason, resolvedBy: who(actor), resolvedAt: new Date() },
      });
      return { after, payload: {} };
    });
  }

  async accept(tenantId: string, periodId: string, disputeId: string, input: ResolveDispute, actor: AuditActor) {
    const asked = input.amount === undefined ? null : amountOf(input.amount, 'amount');
    const reason = input.reason?.trim() || null;
    return this.resolve(tenantId, periodId, disputeId, actor, async (tx, row) => {
      await this.disputes.lockGrants(tx, tenantId);
      const line = await this.lineOf(tx, tenantId, row.statementId, row.lineId);
      const credited = asked ?? new Decimal(row.requestedAmount.toFixed(2));
      if (credited.gt(line.standing))
        throw new InvalidInput('acceptance', [
          { path: 'amount', message: `at most what stands of the line: ${formatAmount(line.standing)}` },
        ]);
      // a claim built while the dispute was being opened (the hold is read when a claim is built)
      await this.refuseClaimed(line, row.statementId);
      const revoked = await this.disputes.clawedBack(
        tx,
        line.deductions.map((d) => d.grantId),
      );
      if (revoked.length > 0)
        throw new InvalidState(
          BillingErrorCode.GRANT_REVOKED,
          `voucher ${revoked[0]} of this line was clawed back: its redemptions are reversed and billed already`,
        );
      const credit = disputeCredit({ lineAmount: line.standing, credited, deductions: line.deductions });
      const ledgerTransactionId = await this.reverseVouchers(tx, { tenantId, row, line, credit });
      const chargeId = credit.tenantCredit.gt(ZERO) ? `chg_${row.id}` : null;
      if (chargeId) {
        await this.charges.add(tx, {
          id: chargeId,
          tenantId,
          kind: 'dispute_credit',
          programmeId: null,
          grantId: null,
          sourceId: row.id,
          amount: formatAmount(credit.tenantCredit.negated()),
          reason: `申诉 dispute of line ${row.lineId} (${periodId}) accepted${reason ? `: ${reason}` : ''}`,
        });
      }
      const voucherReversal = sum(credit.reversals.map((r) => r.amount));
      const after = await tx.statementDispute.update({
        where: { id: row.id },
        data: {
          state: 'accepted',
          creditedAmount: formatAmount(credited),
          tenantCredit: formatAmount(credit.tenantCredit),
          voucherReversal: formatAmount(voucherReversal),
          resolutionReason: reason,
          resolvedBy: who(actor),
          resolvedAt: new Date(),
          chargeId,
          ledgerTransactionId,
        },
      });
      const reversals = credit.reversals.map((r) => ({ ...r, amount: formatAmount(r.amount) }));
      return { after, payload: { reversals, reimbursedReversal: formatAmount(credit.reimbursedReversal) } };
    });
  }

  /** Locks the open dispute, applies the resolution, then the audit event and the notification, last. */
  private async resolve(
    tenantId: string,
    periodId: string,
    disputeId: string,
    actor: AuditActor,
    apply: (tx: Prisma.TransactionClient, row: DisputeRow) => Promise<{ after: DisputeRow; payload: object }>,
  ): Promise<DisputeView> {
    const statement = await this.statements.get(tenantId, periodId);
    const after = await this.disputes.db.$transaction(async (tx) => {
      const row = await this.disputes.lock(tx, tenantId, disputeId);
      if (!row || row.statementId !== statement.id) throw new NotFound('dispute', disputeId);
      if (row.state !== 'open')
        throw new InvalidState(BillingErrorCode.DISPUTE_NOT_OPEN, `dispute ${disputeId} is ${row.state} already`);
      const result = await apply(tx, row);
      const sql = prismaAuditSql(tx);
      await this.audit.append(sql, {
        actor,
        action: `statement-dispute.${result.after.state === 'accepted' ? 'accept' : 'reject'}`,
        entityType: 'statement_dispute',
        entityId: row.id,
        before: disputeView(row, periodId),
        after: disputeView(result.after, periodId),
        payload: { tenantId, periodId, statementId: row.statementId, lineId: row.lineId, ...result.payload },
      });
      await notifyDisputeChange(sql, { ...result.after, detail: { periodId } });
      return result.after;
    });
    return disputeView(after, periodId);
  }

  /** The vouchers' share back to their grants: one ledger transaction, negative deduction rows, the counters. */
  private async reverseVouchers(
    tx: Prisma.TransactionClient,
    input: { tenantId: string; row: DisputeRow; line: DisputedLine; credit: DisputeCredit },
  ): Promise<string | null> {
    const { tenantId, row, credit } = input;
    if (credit.reversals.length === 0) return null;
    // a negative redemption on the disputed statement: its ledger total, deductions and claims keep agreeing
    const ledgerTransactionId = await this.ledger.post(tx, {
      kind: 'redemption',
      idempotencyKey: `dispute:${row.id}`,
      tenantId,
      statementId: row.statementId,
      memo: `dispute ${row.id} of line ${row.lineId} accepted: the vouchers' share returned`,
      postings: credit.reversals.flatMap((r) => [
        {
          accountId: ledgerAccount.grant(r.grantId),
          amount: formatAmount(r.amount),
          programmeId: r.programmeId,
          year: r.year,
        },
        {
          accountId: ledgerAccount.redeemed(r.programmeId),
          amount: formatAmount(r.amount.negated()),
          programmeId: r.programmeId,
          year: r.year,
        },
      ]),
    });
    await this.disputes.addReversals(tx, {
      tenantId,
      statementId: row.statementId,
      lineId: row.lineId,
      disputeId: row.id,
      ledgerTransactionId,
      reversals: credit.reversals,
    });
    for (const r of credit.reversals) await this.disputes.returnToCounters(tx, tenantId, r);
    return ledgerTransactionId;
  }

  /** A line whose voucher share is on a claim already: the bureau has it, a correction goes through its review. */
  private async refuseClaimed(line: DisputedLine, statementId: string): Promise<void> {
    const programmes = [...new Set(line.deductions.map((d) => d.programmeId))];
    if (programmes.length === 0) return;
    const onClaim = await this.disputes.claimsCovering(statementId, programmes, line.contractId);
    if (onClaim.length > 0)
      throw new InvalidState(
        BillingErrorCode.DISPUTE_LINE_CLAIMED,
        `line ${line.lineId} is on claim ${onClaim[0].claimId}: its voucher share is with the bureau already`,
      );
  }

  private async lineOf(tx: Prisma.TransactionClient, tenantId: string, statementId: string, lineId: string) {
    const line = await this.disputes.line(tx, tenantId, statementId, lineId);
    if (!line) throw new NotFound('statement_line', lineId);
    return line;
  }
}

function alreadyOpen(lineId: string): InvalidState {
  return new InvalidState(BillingErrorCode.DISPUTE_ALREADY_OPEN, `line ${lineId} has an open dispute already`);
}

function amountOf(value: string, path: string): Decimal {
  const parsed = tryParse(parseAmount, value);
  if (!parsed.ok || !parsed.value.gt(ZERO))
    throw new InvalidInput('dispute', [{ path, message: 'a positive amount in 分 such as "120.50"' }]);
  return parsed.value;
}
