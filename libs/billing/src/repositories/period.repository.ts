import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';
import { NotFound } from '../errors/billing.errors';

export type PeriodRow = Prisma.BillingPeriodGetPayload<object>;

/** Billing periods per park: open → closing → closed. */
@Injectable()
export class PeriodRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(parkId: string, periodId: string): Promise<PeriodRow | null> {
    return this.prisma.client.billingPeriod.findUnique({ where: { parkId_id: { parkId, id: periodId } } });
  }

  list(parkId: string): Promise<PeriodRow[]> {
    return this.prisma.client.billingPeriod.findMany({ where: { parkId }, orderBy: { id: 'desc' } });
  }

  /**
   * open → closing with the number of statements the close must see issued; a period whose statements are
   * all issued already goes straight to closed. A closing or closed period is left as it is.
   */
  async startClosing(parkId: string, periodId: string, tenantCount: number): Promise<PeriodRow> {
    // Only a registered park has periods (a typo must not start a close of a park nobody has).
    if (!(await this.prisma.client.park.findUnique({ where: { id: parkId } }))) throw new NotFound('park', parkId);
    await this.prisma.client.$executeRaw`
      INSERT INTO billing_periods (park_id, id) VALUES (${parkId}, ${periodId}) ON CONFLICT DO NOTHING`;
    await this.prisma.client.$executeRaw`
      UPDATE billing_periods SET status = CASE WHEN issued_count >= ${tenantCount} THEN 'closed'::"PeriodStatus" ELSE 'closing'::"PeriodStatus" END,
             tenant_count = ${tenantCount}, closing_started_at = now(),
             closed_at = CASE WHEN issued_count >= ${tenantCount} THEN now() ELSE NULL END
      WHERE park_id = ${parkId} AND id = ${periodId} AND status = 'open'`;
    const row = await this.find(parkId, periodId);
    if (!row) throw new Error(`billing period ${parkId}/${periodId} vanished`);
    return row;
  }
}
