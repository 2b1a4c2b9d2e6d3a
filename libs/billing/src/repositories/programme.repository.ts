import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type ProgrammeRow = Prisma.ProgrammeGetPayload<object>;
export type BureauRow = Prisma.BureauGetPayload<object>;
export type StackingGroupRow = Prisma.StackingGroupGetPayload<object>;

/** Bureaus, their programmes (rules as JSON) and stacking groups. */
@Injectable()
export class ProgrammeRepository {
  constructor(private readonly prisma: PrismaService) {}

  listBureaus(): Promise<BureauRow[]> {
    return this.prisma.client.bureau.findMany({ orderBy: { id: 'asc' } });
  }

  findBureau(id: string): Promise<BureauRow | null> {
    return this.prisma.client.bureau.findUnique({ where: { id } });
  }

  createBureau(data: Prisma.BureauCreateInput): Promise<BureauRow> {
    return this.prisma.client.bureau.create({ data });
  }

  list(filter: { bureauId?: string } = {}): Promise<ProgrammeRow[]> {
    const where = filter.bureauId === undefined ? {} : { bureauId: filter.bureauId };
    return this.prisma.client.programme.findMany({ where, orderBy: { id: 'asc' } });
  }

  find(id: string): Promise<ProgrammeRow | null> {
    return this.prisma.client.programme.findUnique({ where: { id } });
  }

  create(data: { id: string; bureauId: string; name: string; rules: Prisma.InputJsonValue; isDemo?: boolean }): Promise<ProgrammeRow> {
    return this.prisma.client.programme.create({ data });
  }

  listStackingGroups(): Promise<StackingGroupRow[]> {
    return this.prisma.client.stackingGroup.findMany({ orderBy: { id: 'asc' } });
  }

  upsertStackingGroup(id: string, ceiling: string): Promise<StackingGroupRow> {
    return this.prisma.client.stackingGroup.upsert({ where: { id }, create: { id, ceiling }, update: { ceiling } });
  }
}
