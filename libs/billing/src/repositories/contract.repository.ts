import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type ContractRow = Prisma.ContractGetPayload<object>;

@Injectable()
export class ContractRepository {
  constructor(private readonly prisma: PrismaService) {}

  listForTenant(tenantId: string): Promise<ContractRow[]> {
    return this.prisma.client.contract.findMany({ where: { tenantId }, orderBy: { effectiveFrom: 'asc' } });
  }

  findForTenant(tenantId: string, contractId: string): Promise<ContractRow | null> {
    return this.prisma.client.contract.findFirst({ where: { id: contractId, tenantId } });
  }

  /** Every contract bound of the park (where prices can change), for park-wide rating intervals. */
  async allBounds(): Promise<Date[]> {
    const rows = await this.prisma.client.contract.findMany({ select: { effectiveFrom: true, effectiveTo: true } });
    return rows.flatMap((r) => (r.effectiveTo ? [r.effectiveFrom, r.effectiveTo] : [r.effectiveFrom]));
  }

  create(data: Prisma.ContractUncheckedCreateInput): Promise<ContractRow> {
    return this.prisma.client.contract.create({ data });
  }
}
