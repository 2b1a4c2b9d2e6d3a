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

/**
 * A billing period counts its issued statements, and the last statement of a closing period closes it. As a CTE
 * (named `period`, returning the row as updated) for the issuing statement to embed, so an issue stays one round
 * trip: `park` and `period` are the parameter numbers of the park and period ids, `after` a CTE whose single row
 * makes this run once.
 */
export function countIssuedStatementCte(p: { park: number; period: number; after: string }): string {
  const last =
    "billing_periods.status = 'closing' AND billing_periods.issued_count + 1 >= billing_periods.tenant_count";
  return `period AS (INSERT INTO billing_periods (park_id, id, issued_count)
                  SELECT $${p.park}, $${p.period}, 1 FROM ${p.after}
                  ON CONFLICT (park_id, id) DO UPDATE SET issued_count = billing_periods.issued_count + 1,
                    status = CASE WHEN ${last} THEN 'closed'::"PeriodStatus" ELSE billing_periods.status END,
                    closed_at = CASE WHEN ${last} THEN now() ELSE billing_periods.closed_at END
                  RETURNING park_id, id, status, issued_count, closed_at)`;
}
