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
  /** Shown on demo statements. */
  readonly isDemo?: boolean;
}

export interface RenderedExport {
  readonly content: Buffer;
  readonly sha256: string;
  readonly contentType: string;
  readonly filename: string;
}
