import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@park/db';
import type { EvidenceFile } from './claim-evidence';
import type { ClaimState } from './claim-cycle';

export type ClaimWithLines = Prisma.ClaimGetPayload<{ include: { lines: true } }>;
export type ClaimLineRow = Prisma.ClaimLineGetPayload<object>;
export type NewClaim = Prisma.ClaimUncheckedCreateInput;
export type NewClaimLine = Prisma.ClaimLineCreateManyInput;
export type Tx = Prisma.TransactionClient;

const TX = { maxWait: 10_000, timeout: 30_000 };

/** The claims' own tables: claims, claim_lines, claim_evidence_files. */
@Injectable()
export class ClaimsRepository {
  constructor(private readonly prisma: PrismaService) {}

  private get db() {
    return this.prisma.client;
  }

  async bureauOf(claimId: string): Promise<string | null> {
    const row = await this.db.claim.findUnique({ where: { id: claimId }, select: { bureauId: true } });
    return row?.bureauId ?? null;
  }

  /** The claim with its lines (by tenant, then period), or null. */
  find(claimId: string): Promise<ClaimWithLines | null> {
    return this.db.claim.findUnique({
      where: { id: claimId },
      include: { lines: { orderBy: [{ tenantId: 'asc' }, { periodId: 'asc' }] } },
    });
  }

  async existsFor(programmeId: string, cycle: string): Promise<boolean> {
    return (await this.db.claim.count({ where: { programmeId, cycle } })) > 0;
  }

  /** Newest first, with the number of lines of each. */
  list(filter: { bureauId?: string; programmeId?: string; status?: ClaimState }) {
    return this.db.claim.findMany({
      where: filter,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      include: { _count: { select: { lines: true } } },
    });
  }

  /**
   * The claim, its lines and its evidence pack in one transaction; `last` runs at its end (the audit event). A
   * concurrent build loses on a unique index (Prisma's P2002), which the caller tells apart.
   */
  insert(
    claim: NewClaim,
    lines: readonly Omit<NewClaimLine, 'claimId'>[],
    files: readonly EvidenceFile[],
    last: (tx: Tx) => Promise<unknown>,
  ): Promise<void> {
    return this.db.$transaction(async (tx) => {
      await tx.claim.create({ data: claim });
      if (lines.length) await tx.claimLine.createMany({ data: lines.map((l) => ({ ...l, claimId: claim.id })) });
      await tx.claimEvidenceFile.createMany({
        data: files.map((f) => ({
          claimId: claim.id,
          name: f.name,
          contentType: f.contentType,
          content: new Uint8Array(f.content),
          sha256: f.sha256,
        })),
      });
      await last(tx);
    }, TX);
  }

  /** In one transaction, the claim row locked (FOR UPDATE) and read with its lines before `change` runs. */
  inLock<T>(claimId: string, change: (tx: Tx, claim: ClaimWithLines | null) => Promise<T>): Promise<T> {
    return this.db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe('SELECT id FROM claims WHERE id = $1 FOR UPDATE', claimId);
      const claim = await tx.claim.findUnique({ where: { id: claimId }, include: { lines: true } });
      return change(tx, claim);
    }, TX);
  }

  update(tx: Tx, claimId: string, data: Prisma.ClaimUpdateInput): Promise<unknown> {
    return tx.claim.update({ where: { id: claimId }, data });
  }

  decideLine(tx: Tx, lineId: string, decision: 'approved' | 'rejected', reason: string | null): Promise<unknown> {
    return tx.claimLine.update({ where: { id: lineId }, data: { decision, reason } });
  }

  evidenceFile(claimId: string, name: string) {
    return this.db.claimEvidenceFile.findUnique({ where: { claimId_name: { claimId, name } } });
  }

  /** Writes these files of the pack, replacing those of the same name (a submitted pack's manifest). */
  async putEvidenceFiles(tx: Tx, claimId: string, files: readonly EvidenceFile[]): Promise<void> {
    for (const f of files) {
      const data = { contentType: f.contentType, content: new Uint8Array(f.content), sha256: f.sha256 };
      await tx.claimEvidenceFile.upsert({
        where: { claimId_name: { claimId, name: f.name } },
        create: { claimId, name: f.name, ...data },
        update: data,
      });
    }
  }

  evidenceFiles(claimId: string, tx?: Tx) {
    if (tx) return tx.claimEvidenceFile.findMany({ where: { claimId }, orderBy: { name: 'asc' } });
    return this.db.claimEvidenceFile.findMany({ where: { claimId }, orderBy: { name: 'asc' } });
  }
}
