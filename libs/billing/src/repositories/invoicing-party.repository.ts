import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type InvoicingPartyRow = Prisma.InvoicingPartyGetPayload<object>;
export type PartyKind = 'park' | 'tenant';
export type PartyDetails = Pick<
  InvoicingPartyRow,
  'name' | 'taxpayerId' | 'address' | 'phone' | 'bankName' | 'bankAccount'
>;

/** Versions of invoicing details; a version is never changed, a new one supersedes it. */
@Injectable()
export class InvoicingPartyRepository {
  constructor(private readonly prisma: PrismaService) {}

  versions(kind: PartyKind, subjectId: string): Promise<InvoicingPartyRow[]> {
    return this.prisma.client.invoicingParty.findMany({
      where: { subjectKind: kind, subjectId },
      orderBy: { version: 'desc' },
    });
  }

  /** The version in force at `at`: the newest that took effect at or before it. */
  inForceAt(kind: PartyKind, subjectId: string, at: Date): Promise<InvoicingPartyRow | null> {
    return this.prisma.client.invoicingParty.findFirst({
      where: { subjectKind: kind, subjectId, effectiveFrom: { lte: at } },
      orderBy: { version: 'desc' },
    });
  }

  /**
   * Appends `version` and runs `last` (the audit event) in the same transaction; the primary key refuses a second
   * writer of the same version (P2002).
   */
  append(
    row: { kind: PartyKind; subjectId: string; version: number; details: PartyDetails; recordedBy: string },
    last: (tx: Prisma.TransactionClient, created: InvoicingPartyRow) => Promise<unknown>,
  ): Promise<InvoicingPartyRow> {
    return this.prisma.client.$transaction(async (tx) => {
      const created = await tx.invoicingParty.create({
        data: {
          subjectKind: row.kind,
          subjectId: row.subjectId,
          version: row.version,
          ...row.details,
          recordedBy: row.recordedBy,
        },
      });
      await last(tx, created);
      return created;
    });
  }
}
