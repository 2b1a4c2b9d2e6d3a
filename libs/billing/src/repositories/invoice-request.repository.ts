import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type IssuedStatementRow = Prisma.StatementGetPayload<{
  include: { tenant: { select: { id: true; name: true; parkId: true } } };
}>;

/** The issued (and paid) statements of a park's period, with their tenant, for the bulk-invoice export. */
@Injectable()
export class InvoiceRequestRepository {
  constructor(private readonly prisma: PrismaService) {}

  issuedOfPeriod(parkId: string, periodId: string): Promise<IssuedStatementRow[]> {
    return this.prisma.client.statement.findMany({
      where: { periodId, status: { in: ['issued', 'paid'] }, tenant: { parkId } },
      include: { tenant: { select: { id: true, name: true, parkId: true } } },
      orderBy: { tenantId: 'asc' },
    });
  }
}
