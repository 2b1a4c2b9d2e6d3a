import { Injectable } from '@nestjs/common';
import type { StatementView } from '@park/billing-domain';
import {
  renderStatementCsv,
  renderStatementPdf,
  renderStatementXlsx,
  type RenderedExport,
  type StatementDocument,
} from '@park/statements-export';
import { InvalidState } from '../errors/billing.errors';
import { BillingErrorCode } from '../errors/billing-error-codes';
import { StatementRepository } from '../repositories/statement.repository';
import { InvoicingPartyService } from './invoicing-party.service';
import { StatementService } from './statement.service';
import { TenantService } from './tenant.service';

export type ExportFormat = 'pdf' | 'csv' | 'xlsx';

const RENDERERS: Record<ExportFormat, (doc: StatementDocument) => RenderedExport | Promise<RenderedExport>> = {
  pdf: renderStatementPdf,
  csv: renderStatementCsv,
  xlsx: renderStatementXlsx,
};
const DIGEST_FIELD = { pdf: 'pdfSha256', csv: 'csvSha256', xlsx: 'xlsxSha256' } as const;

/** PDF, CSV and Excel of an issued statement; each export's SHA-256 is stored on the statement. */
@Injectable()
export class StatementExportService {
  constructor(
    private readonly statements: StatementService,
    private readonly repo: StatementRepository,
    private readonly tenants: TenantService,
    private readonly parties: InvoicingPartyService,
  ) {}

  async export(tenantId: string, periodId: string, format: ExportFormat): Promise<RenderedExport> {
    const statement = await this.statements.get(tenantId, periodId);
    const tenant = await this.tenants.get(tenantId);
    if (!statement.view || !statement.number || !statement.issuedAt)
      throw new InvalidState(
        BillingErrorCode.STATEMENT_NOT_ISSUED,
        `statement of ${tenantId} for ${periodId} is not issued`,
      );
    // the parties' details in force when the statement was issued: a later change never alters its exports
    const { seller, buyer } = await this.parties.partiesOf(tenant, statement.issuedAt);
    const doc: StatementDocument = {
      number: statement.number,
      status: statement.status,
      periodId: statement.periodId,
      issuedAt: statement.issuedAt,
      tenant: { id: tenant.id, name: tenant.name, unifiedSocialCreditCode: tenant.unifiedSocialCreditCode },
      view: statement.view as unknown as StatementView,
      paymentReference: statement.paymentReference,
      invoiceNumber: statement.invoiceNumber,
      isDemo: tenant.isDemo,
      seller,
      buyer,
    };
    if (format === 'pdf') {
      // the PDF prints the CSV's digest (it cannot print its own): both are rendered from the same document now
      const csv = renderStatementCsv(doc);
      let pdf = await renderStatementPdf({ ...doc, csvSha256: csv.sha256 });
      if (statement.pdfSha256 && statement.pdfSha256 !== pdf.sha256) {
        // a PDF handed out before the page chrome (layout 1) keeps its bytes while the statement is unchanged
        const before = await renderStatementPdf({ ...doc, pdfLayout: 1 });
        if (before.sha256 === statement.pdfSha256) pdf = before;
      }
      await this.repo.setDigests(tenantId, statement.id, { pdfSha256: pdf.sha256, csvSha256: csv.sha256 });
      return pdf;
    }
    const rendered = await RENDERERS[format](doc);
    await this.repo.setDigests(tenantId, statement.id, { [DIGEST_FIELD[format]]: rendered.sha256 });
    return rendered;
  }
}
