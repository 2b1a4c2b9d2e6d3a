import { Injectable } from '@nestjs/common';
import { PrismaService } from '@park/db';
import type { Tx } from './claims.repository';
import type { RecordedInvoice } from './evidence/recorded-invoices';

/**
 * The invoices recorded against statements (libs/billing's settlement) that count as a claim's `invoice` item: not
 * voided, and with the invoice's file stored (a number alone is not evidence a bureau accepts).
 */
@Injectable()
export class ClaimRecordedInvoicesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async of(statementIds: readonly string[], tx?: Tx): Promise<RecordedInvoice[]> {
    if (!statementIds.length) return [];
    const rows = await (tx ?? this.prisma.client).statementInvoice.findMany({
      where: { statementId: { in: [...statementIds] }, voided: false, fileContent: { not: null } },
      select: {
        id: true,
        statementId: true,
        tenantId: true,
        type: true,
        number: true,
        fileContent: true,
        fileContentType: true,
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({
      id: r.id,
      statementId: r.statementId,
      tenantId: r.tenantId,
      type: r.type,
      number: r.number,
      contentType: r.fileContentType ?? 'application/octet-stream',
      content: Buffer.from(r.fileContent ?? new Uint8Array()),
    }));
  }
}
