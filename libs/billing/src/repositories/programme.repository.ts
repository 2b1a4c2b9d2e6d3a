import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

/** A programme with its later rules versions (version 1 is `rules`). */
export type ProgrammeRow = Prisma.ProgrammeGetPayload<{ include: { rulesVersions: true } }>;
export type RulesVersionRow = Prisma.ProgrammeRulesVersionGetPayload<object>;
const WITH_VERSIONS = { rulesVersions: { orderBy: { version: 'asc' } } } as const;
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
    return this.prisma.client.programme.findMany({ where, orderBy: { id: 'asc' }, include: WITH_VERSIONS });
  }

  find(id: string): Promise<ProgrammeRow | null> {
    return this.prisma.client.programme.findUnique({ where: { id }, include: WITH_VERSIONS });
  }

  create(data: {
    id: string;
    bureauId: string;
    name: string;
    rules: Prisma.InputJsonValue;
    isDemo?: boolean;
  }): Promise<ProgrammeRow> {
    return this.prisma.client.programme.create({ data, include: WITH_VERSIONS });
  }

  /**
   * The keys (programme, version) and (programme, effective period) make concurrent additions fail, not merge.
   * `last` runs at the end of the transaction (the audit event), so a version is never stored unaudited.
   */
  addRulesVersion(
    data: { programmeId: string; version: number; effectivePeriod: string; rules: Prisma.InputJsonValue },
    last: (tx: Prisma.TransactionClient) => Promise<unknown>,
  ): Promise<RulesVersionRow> {
    return this.prisma.client.$transaction(async (tx) => {
      const row = await tx.programmeRulesVersion.create({ data });
      await last(tx);
      return row;
    });
  }

  listStackingGroups(): Promise<StackingGroupRow[]> {
    return this.prisma.client.stackingGroup.findMany({ orderBy: { id: 'asc' } });
  }

  upsertStackingGroup(id: string, ceiling: string): Promise<StackingGroupRow> {
    return this.prisma.client.stackingGroup.upsert({ where: { id }, create: { id, ceiling }, update: { ceiling } });
  }
}
