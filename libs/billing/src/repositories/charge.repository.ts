import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';
import type { PendingCharge } from '../services/issue-plan.types';

export type ChargeRow = Prisma.TenantChargeGetPayload<object>;

/** A charge to add (the caller's transaction): billed on the tenant's next issued statement. */
export interface NewCharge {
  id: string;
  tenantId: string;
  kind: 'claim_rejected' | 'clawback' | 'dispute_credit';
  programmeId: string | null;
  grantId: string | null;
  sourceId: string;
  amount: string;
  reason: string;
}

/**
 * Charges billed back to tenants (tenant_charges). Added by claims and clawbacks (credits: by accepted disputes),
 * billed by the issuing transaction (StatementIssueRepository, under lock), which splits a credit larger than what the
 * statement asks for: the rest is a new pending charge whose source is the split one. Every read takes the tenant id.
 */
@Injectable()
export class ChargeRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** In the caller's transaction, so the charge exists exactly when what caused it does. */
  add(tx: Prisma.TransactionClient, charge: NewCharge): Promise<ChargeRow> {
    return tx.tenantCharge.create({ data: charge });
  }

  listForTenant(tenantId: string): Promise<ChargeRow[]> {
    return this.prisma.client.tenantCharge.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  async pending(tenantId: string): Promise<PendingCharge[]> {
    const rows = await this.prisma.client.tenantCharge.findMany({
      where: { tenantId, status: 'pending' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as PendingCharge['kind'],
      programmeId: r.programmeId,
      grantId: r.grantId,
      reason: r.reason,
      amount: r.amount.toFixed(2),
    }));
  }

  /** The charges that came from these claim lines or clawbacks (one per source). */
  forSources(sourceIds: readonly string[]): Promise<ChargeRow[]> {
    return this.prisma.client.tenantCharge.findMany({
      where: { sourceId: { in: [...sourceIds] } },
      orderBy: { id: 'asc' },
    });
  }

  billedOn(tenantId: string, statementId: string): Promise<ChargeRow[]> {
    return this.prisma.client.tenantCharge.findMany({
      where: { tenantId, statementId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }
}
