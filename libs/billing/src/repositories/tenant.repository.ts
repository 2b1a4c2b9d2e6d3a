import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type TenantRow = Prisma.TenantGetPayload<object>;

@Injectable()
export class TenantRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(tenantId: string): Promise<TenantRow | null> {
    return this.prisma.client.tenant.findUnique({ where: { id: tenantId } });
  }

  list(filter: { parkId?: string; take?: number; skip?: number }): Promise<TenantRow[]> {
    return this.prisma.client.tenant.findMany({
      where: filter.parkId ? { parkId: filter.parkId } : {},
      orderBy: { id: 'asc' },
      take: filter.take,
      skip: filter.skip,
    });
  }

  /** Active tenants of a park: who a period close issues statements for. */
  async activeIds(parkId: string): Promise<string[]> {
    const rows = await this.prisma.client.tenant.findMany({
      where: { parkId, status: 'active' },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => r.id);
  }

  count(): Promise<number> {
    return this.prisma.client.tenant.count();
  }

  create(data: Prisma.TenantUncheckedCreateInput): Promise<TenantRow> {
    return this.prisma.client.tenant.create({ data });
  }

  update(tenantId: string, data: Prisma.TenantUncheckedUpdateInput): Promise<TenantRow> {
    return this.prisma.client.tenant.update({ where: { id: tenantId }, data });
  }
}
