import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import { AuditStore, prismaAuditSql, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import {
  AlreadyExists,
  ChargeRepository,
  InvalidInput,
  NotFound,
  LedgerRepository,
  ledgerAccount,
  toDecimal,
} from '@park/billing';
import { PrismaService } from '@park/db';
import { ZERO, formatAmount, sum } from '@park/money';

export interface ClawbackInput {
  grantId: string;
  /** Why the bureau found the grant obtained by fraud (required, goes on the tenant's statement). */
  reason: string;
  /** The bureau's case or decision number. */
  reference?: string | null;
}

/**
 * A claim that had already included the grant's redemptions: the bureau paid (or may pay) for money now reversed.
 * `amount` is the grant's part of that claim line.
 */
type ClaimedIn = Record<'claimId' | 'claimLineId' | 'status' | 'decision' | 'amount', string>;

const TX = { maxWait: 10_000, timeout: 30_000 };

/**
 * Clawback (追缴, DESIGN §7, issue 5 item 3): a bureau marks a grant as obtained by fraud. In one transaction,
 * under the row locks of the tenant's grants (taken in the issuing transaction's order):
 *  - the grant's redemptions are reversed in the ledger (a `reversal` transaction: grant account +, programme
 *    redeemed −, per usage year), and what is left of its balance is voided (`grant_void`: grant −, issued +), so the
 *    grant's balance is 0 and the programme's redeemed account no longer holds money the bureau will not pay;
 *  - the voucher counters (tenant-year, cumulative, pool) give back what was reversed: they stay equal to the ledger;
 *  - the reversed amount becomes a pending charge, billed on the tenant's next issued statement;
 *  - the grant is revoked, the tenant's other grants of the programme too, and the tenant is barred from the
 *    programme (no new grant: GrantService refuses);
 *  - the audit log gets the clawback and each revocation.
 * Claims already built keep their lines (they are the bureau's record); `claimedIn` names them, with the grant's
 * part, so the operator can settle with the bureau. Claims built later leave the grant's redemptions out.
 */
@Injectable()
export class ClawbackService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly charges: ChargeRepository,
    private readonly audit: AuditStore,
    private readonly ledger: LedgerRepository,
  ) {}

  private get db() {
    return this.prisma.client;
  }

  async clawback(programmeId: string, input: ClawbackInput, actor: AuditActor = SYSTEM_ACTOR) {
    const issues: { path: string; message: string }[] = [];
    if (typeof input?.grantId !== 'string' || input.grantId.trim() === '')
      issues.push({ path: 'grantId', message: 'required: the grant obtained by fraud' });
    if (typeof input?.reason !== 'string' || input.reason.trim() === '')
      issues.push({ path: 'reason', message: 'required: why the grant is clawed back (it is shown to the tenant)' });
    if (input?.reference != null && typeof input.reference !== 'string')
      issues.push({ path: 'reference', message: "a string (the bureau's case number)" });
    if (issues.length) throw new InvalidInput('clawback', issues);
    const programme = await this.db.programme.findUnique({ where: { id: programmeId } });
    if (!programme) throw new NotFound('programme', programmeId);
    const reason = input.reason.trim();
    const reference = input.reference?.trim() || null;
    const id = `cbk_${input.grantId}`;

    await this.db.$transaction(async (tx) => {
      // Lock every grant of the tenant, in id order: the order the issuing transaction takes them in, so a clawback
      // and a statement issue of the same tenant queue instead of deadlocking (the clawback revokes several).
      const [owner] = await tx.$queryRaw<
        { tenant_id: string; programme_id: string }[]
      >`SELECT tenant_id, programme_id FROM grants WHERE id = ${input.grantId}`;
      // another programme's grant is answered like a missing one: a bureau learns nothing of other bureaus' grants
      if (!owner || owner.programme_id !== programmeId) throw new NotFound('grant', input.grantId);
      const locked = await tx.$queryRaw<{ id: string; tenant_id: string; programme_id: string; status: string }[]>`
        SELECT id, tenant_id, programme_id, status::text AS status FROM grants
        WHERE tenant_id = ${owner.tenant_id} ORDER BY id FOR UPDATE`;
      const grant = locked.find((g) => g.id === input.grantId);
      if (!grant) throw new NotFound('grant', input.grantId);
      if (await tx.clawback.findUnique({ where: { grantId: grant.id } }))
        throw new AlreadyExists('clawback of grant', grant.id);
      const tenantId = grant.tenant_id;
      const account = ledgerAccount.grant(grant.id);

      const redeemed = await this.ledger.redeemedByYear(tx, account);
      const total = sum(redeemed.map((r) => r.amount));
      const balance = await this.ledger.balanceOf(tx, account);
      const voided = balance.plus(total);

      let reversalId: string | null = null;
      if (total.gt(ZERO)) {
        // the idempotency key makes a second clawback of the grant impossible
        reversalId = await this.ledger.post(tx, {
          kind: 'reversal',
          idempotencyKey: `clawback:${grant.id}`,
          tenantId,
          programmeId,
          memo: `clawback ${id}: redemptions of grant ${grant.id} reversed`,
          postings: redeemed.flatMap((r) => [
            { accountId: account, amount: formatAmount(r.amount), year: r.year },
            { accountId: ledgerAccount.redeemed(programmeId), amount: formatAmount(r.amount.negated()), year: r.year },
          ]),
        });
        for (const r of redeemed) {
          const amount = formatAmount(r.amount);
          await tx.$executeRaw`
            UPDATE voucher_counters SET used = used - ${amount}::numeric
            WHERE programme_id = ${programmeId}
              AND ((tenant_id = ${tenantId} AND year IN (${r.year}, 0)) OR (tenant_id = '' AND year = ${r.year}))`;
        }
      }
      if (voided.gt(ZERO)) {
        await this.ledger.post(tx, {
          kind: 'grant_void',
          idempotencyKey: `grant_void:${grant.id}`,
          tenantId,
          programmeId,
          memo: `clawback ${id}: balance of revoked grant ${grant.id} voided`,
          postings: [
            { accountId: account, amount: formatAmount(voided.negated()) },
            { accountId: ledgerAccount.issued(programmeId), amount: formatAmount(voided) },
          ],
        });
      }

      const claimedIn = await this.claimedIn(tx, grant.id);
      await tx.clawback.create({
        data: {
          id,
          grantId: grant.id,
          programmeId,
          bureauId: programme.bureauId,
          tenantId,
          amount: formatAmount(total),
          voidedBalance: formatAmount(voided),
          reason,
          reference,
          claimedIn: claimedIn as unknown as Prisma.InputJsonValue,
          actor: `${actor.subject} (${actor.role})`,
        },
      });
      if (total.gt(ZERO)) {
        await this.charges.add(tx, {
          id: `chg_${id}`,
          tenantId,
          kind: 'clawback',
          programmeId,
          grantId: grant.id,
          sourceId: id,
          amount: formatAmount(total),
          reason: `追缴 clawback of voucher ${grant.id}${reference ? ` (${reference})` : ''}: ${reason}`,
        });
      }

      // revoked, and barred: the tenant's other grants of the programme pay nothing more
      await tx.grant.update({
        where: { id: grant.id },
        data: { status: 'revoked', statusReason: `clawback ${id}: ${reason}` },
      });
      const others = locked.filter(
        (g) => g.programme_id === programmeId && g.id !== grant.id && g.status !== 'revoked',
      );
      for (const g of others) {
        await tx.grant.update({
          where: { id: g.id },
          data: { status: 'revoked', statusReason: `tenant barred from programme ${programmeId} after clawback ${id}` },
        });
      }
      await tx.programmeBar.upsert({
        where: { programmeId_tenantId: { programmeId, tenantId } },
        create: { programmeId, tenantId, reason, clawbackId: id },
        update: {},
      });

      // the audit events last (their head-row lock is then held only until the commit)
      const audit = prismaAuditSql(tx);
      await this.audit.append(audit, {
        actor,
        action: 'grant.clawback',
        entityType: 'grant',
        entityId: grant.id,
        before: {
          id: grant.id,
          tenantId,
          programmeId,
          status: grant.status,
          balance: formatAmount(balance),
        },
        after: { id: grant.id, tenantId, programmeId, status: 'revoked', balance: '0.00' },
        payload: {
          clawbackId: id,
          tenantId,
          programmeId,
          reason,
          reference,
          reversed: formatAmount(total),
          voidedBalance: formatAmount(voided),
          reversalTransactionId: reversalId,
          redeemedByYear: redeemed.map((r) => ({ year: r.year, amount: formatAmount(r.amount) })),
          chargedToTenant: total.gt(ZERO),
          claimedIn,
        },
      });
      for (const g of others) {
        await this.audit.append(audit, {
          actor,
          action: 'grant.revoke',
          entityType: 'grant',
          entityId: g.id,
          before: { id: g.id, tenantId, status: g.status },
          after: { id: g.id, tenantId, status: 'revoked' },
          payload: { tenantId, reason: `barred after clawback ${id}` },
        });
      }
      await this.audit.append(audit, {
        actor,
        action: 'programme.bar',
        entityType: 'programme',
        entityId: programmeId,
        after: { programmeId, tenantId, clawbackId: id },
        payload: { tenantId, reason, revokedGrants: [grant.id, ...others.map((g) => g.id)] },
      });
    }, TX);
    return this.get(programmeId, id);
  }

  /** Claim lines that include the grant's deductions, with the grant's part of each. */
  private async claimedIn(tx: Prisma.TransactionClient, grantId: string): Promise<ClaimedIn[]> {
    const deductions = await tx.deduction.findMany({ where: { grantId }, select: { statementId: true, amount: true } });
    if (deductions.length === 0) return [];
    const lines = await tx.claimLine.findMany({
      where: { statementId: { in: [...new Set(deductions.map((d) => d.statementId))] } },
      include: { claim: true },
      orderBy: { id: 'asc' },
    });
    return lines.map((l) => ({
      claimId: l.claimId,
      claimLineId: l.id,
      status: l.claim.status,
      decision: l.decision,
      amount: formatAmount(
        sum(deductions.filter((d) => d.statementId === l.statementId).map((d) => toDecimal(d.amount))),
      ),
    }));
  }

  async list(programmeId: string) {
    const rows = await this.db.clawback.findMany({
      where: { programmeId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return this.views(rows);
  }

  async get(programmeId: string, clawbackId: string) {
    const row = await this.db.clawback.findFirst({ where: { id: clawbackId, programmeId } });
    if (!row) throw new NotFound('grant', clawbackId);
    return (await this.views([row]))[0];
  }

  /** Each clawback with the charge it made (one query for all of them). */
  private async views(rows: Prisma.ClawbackGetPayload<object>[]) {
    const charges = new Map((await this.charges.forSources(rows.map((r) => r.id))).map((c) => [c.sourceId, c]));
    return rows.map((r) => {
      const charge = charges.get(r.id);
      return {
        id: r.id,
        grantId: r.grantId,
        programmeId: r.programmeId,
        bureauId: r.bureauId,
        tenantId: r.tenantId,
        reason: r.reason,
        reference: r.reference,
        amount: formatAmount(toDecimal(r.amount)),
        voidedBalance: formatAmount(toDecimal(r.voidedBalance)),
        claimedIn: r.claimedIn as unknown as ClaimedIn[],
        actor: r.actor,
        createdAt: r.createdAt,
        // where the tenant is billed: pending until its next statement is issued
        charge: charge
          ? {
              id: charge.id,
              amount: formatAmount(toDecimal(charge.amount)),
              status: charge.status,
              statementId: charge.statementId,
            }
          : null,
      };
    });
  }
}
