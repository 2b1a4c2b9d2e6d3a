import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@park/db';
import type { Tx } from './claims.repository';

export type ClaimDocumentRow = Prisma.ClaimDocumentGetPayload<object>;
export type NewClaimDocument = Prisma.ClaimDocumentUncheckedCreateInput;

/** Without the bytes: what lists and checklists read. */
const META = {
  id: true,
  claimId: true,
  kind: true,
  label: true,
  tenantId: true,
  statementId: true,
  filename: true,
  contentType: true,
  sha256: true,
  uploadedBy: true,
  createdAt: true,
} as const;

export type ClaimDocumentMeta = Prisma.ClaimDocumentGetPayload<{ select: typeof META }>;

/** The documents supplied for claims (claim_documents): bytes in PostgreSQL with their SHA-256. */
@Injectable()
export class ClaimDocumentsRepository {
  constructor(private readonly prisma: PrismaService) {}

  insert(tx: Tx, doc: NewClaimDocument): Promise<unknown> {
    return tx.claimDocument.create({ data: doc, select: { id: true } });
  }

  /** A claim's documents, oldest first (in a transaction when given). */
  list(claimId: string, tx?: Tx): Promise<ClaimDocumentMeta[]> {
    return (tx ?? this.prisma.client).claimDocument.findMany({
      where: { claimId },
      select: META,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** With their bytes: what the pack is built and verified from. */
  withContent(claimId: string, tx?: Tx): Promise<ClaimDocumentRow[]> {
    return (tx ?? this.prisma.client).claimDocument.findMany({
      where: { claimId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  find(claimId: string, id: string): Promise<ClaimDocumentRow | null> {
    return this.prisma.client.claimDocument.findFirst({ where: { claimId, id } });
  }
}
