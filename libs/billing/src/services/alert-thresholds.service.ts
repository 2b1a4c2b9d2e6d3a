import { Injectable } from '@nestjs/common';
import { AuditStore, prismaAuditSql, type AuditActor } from '@park/audit-store';
import type { ValidationIssue } from '@park/billing-domain';
import { PrismaService } from '@park/db';
import { Decimal } from '@park/money';
import { InvalidInput, NotFound } from '../errors/billing.errors';

/** When `grant.balance_low` and `grant.expiring` fire (docs/operator.md "Notifications"); null clears a threshold. */
export interface AlertThresholds {
  /** Balance at or below this percentage of face value, e.g. "20" (0 < p ≤ 100, at most 2 decimals). */
  readonly balanceLowPercent?: string | null;
  /** Balance at or below this amount in 元, e.g. "5000.00". */
  readonly balanceLowAmount?: string | null;
  /** Days before the last day of validity (0 to 3,660). */
  readonly expiringDays?: number | null;
}

const TWO_PLACES = /^\d{1,18}(\.\d{1,2})?$/;

/** Every problem of the thresholds at once. */
function issuesOf(t: AlertThresholds): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const p = t.balanceLowPercent;
  if (p != null && (!TWO_PLACES.test(p) || new Decimal(p).lte(0) || new Decimal(p).gt(100)))
    issues.push({ path: 'balanceLowPercent', message: 'a percentage above 0 and at most 100, e.g. "20" or "12.5"' });
  const a = t.balanceLowAmount;
  if (a != null && !TWO_PLACES.test(a))
    issues.push({ path: 'balanceLowAmount', message: 'an amount in 元 of at most 2 decimals, e.g. "5000.00"' });
  const d = t.expiringDays;
  if (d != null && (!Number.isInteger(d) || d < 0 || d > 3_660))
    issues.push({ path: 'expiringDays', message: 'whole days from 0 to 3660' });
  return issues;
}

/** Alert thresholds on a programme (for all its grants) or one grant (overriding its programme's), audited. */
@Injectable()
export class AlertThresholdsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditStore,
  ) {}

  async setForProgramme(programmeId: string, thresholds: AlertThresholds, actor: AuditActor) {
    return this.set({ kind: 'programme', id: programmeId }, thresholds, actor);
  }

  async setForGrant(tenantId: string, grantId: string, thresholds: AlertThresholds, actor: AuditActor) {
    return this.set({ kind: 'grant', id: grantId, tenantId }, thresholds, actor);
  }

  private async set(
    target: { kind: 'programme' | 'grant'; id: string; tenantId?: string },
    thresholds: AlertThresholds,
    actor: AuditActor,
  ) {
    const issues = issuesOf(thresholds);
    if (issues.length > 0) throw new InvalidInput('alert thresholds', issues);
    const data = {
      balanceLowPercent: thresholds.balanceLowPercent,
      balanceLowAmount: thresholds.balanceLowAmount,
      expiringDays: thresholds.expiringDays,
    };
    const select = { balanceLowPercent: true, balanceLowAmount: true, expiringDays: true } as const;
    return this.prisma.client.$transaction(async (tx) => {
      const where = target.kind === 'grant' ? { id: target.id, tenantId: target.tenantId } : { id: target.id };
      const found =
        target.kind === 'grant'
          ? await tx.grant.findFirst({ where, select })
          : await tx.programme.findFirst({ where, select });
      if (!found) throw new NotFound(target.kind, target.id);
      const after =
        target.kind === 'grant'
          ? await tx.grant.update({ where: { id: target.id }, data, select })
          : await tx.programme.update({ where: { id: target.id }, data, select });
      const view = (t: typeof found) => ({
        balanceLowPercent: t.balanceLowPercent?.toFixed(2) ?? null,
        balanceLowAmount: t.balanceLowAmount?.toFixed(2) ?? null,
        expiringDays: t.expiringDays,
      });
      await this.audit.append(prismaAuditSql(tx), {
        actor,
        action: `${target.kind}.alerts.set`,
        entityType: target.kind,
        entityId: target.id,
        before: view(found),
        after: view(after),
      });
      return { [`${target.kind}Id`]: target.id, ...view(after) };
    });
  }
}
