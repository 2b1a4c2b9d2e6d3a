import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

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
}
