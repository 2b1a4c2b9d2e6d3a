import type { StatementView } from '@park/billing-domain';

/** What an export shows: the frozen statement view plus who and what it is. */
export interface StatementDocument {
  readonly number: string;
  readonly status: string;
  readonly periodId: string;
  readonly issuedAt: Date;
  readonly tenant: { readonly id: string; readonly name: string; readonly unifiedSocialCreditCode: string | null };
  readonly view: StatementView;
  /** Set on paid statements. */
  readonly paymentReference?: string | null;
  readonly invoiceNumber?: string | null;
  /** 开票信息 of the park's operator and of the tenant, the versions in force at issue (absent: none recorded). */
  readonly seller?: InvoicingParty | null;
  readonly buyer?: InvoicingParty | null;
  /**
   * The PDF layout: 2 (default) has page numbers, the CSV's digest and the seal area; 1 is the layout before them,
   * kept so that a PDF already handed out re-renders byte for byte (see StatementExportService).
   */
  readonly pdfLayout?: 1 | 2;
  /** SHA-256 of the statement's CSV export, printed on the PDF (which cannot print its own digest). */
  readonly csvSha256?: string;
  /** Shown on demo statements. */
  readonly isDemo?: boolean;
}

export interface RenderedExport {
  readonly content: Buffer;
  readonly sha256: string;
  readonly contentType: string;
  readonly filename: string;
}

/** What a statement prints of a party, as on a VAT invoice: 名称, 纳税人识别号, 地址、电话, 开户行及账号. */
export interface InvoicingParty {
  readonly name: string;
  readonly taxpayerId: string;
  readonly address: string;
  readonly phone: string;
  readonly bankName: string;
  readonly bankAccount: string;
}
