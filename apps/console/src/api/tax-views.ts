// Tax (issue 16) as the console reads it from statements and price books. Statements issued before tax was data
// have none of these fields (they were all 6 %, tax-inclusive): every field is optional.

export type InvoicingMode = 'tenant_full' | 'tenant_net' | 'bureau_share';
export const INVOICING_MODES: InvoicingMode[] = ['tenant_full', 'tenant_net', 'bureau_share'];
export const RESOURCE_CLASSES = ['ai', 'general', 'hpc', 'render', 'storage', 'network'] as const;
export type ResourceClass = (typeof RESOURCE_CLASSES)[number];

/** 金额 (excluding tax), 税额, 价税合计 as decimal strings. */
export interface TaxAmounts {
  amountExclTax: string;
  tax: string;
  amountInclTax: string;
}

/** A statement line's tax: its rate, whether the book's price included it, the split, and what is invoiceable. */
export interface LineTax {
  vatRate?: string;
  taxInclusive?: boolean;
  amountExclTax?: string;
  tax?: string;
  amountInclTax?: string;
  invoiceable?: TaxAmounts;
}

/** A statement's tax totals, what the tenant's invoice covers, and per programme who is invoiced for its share. */
export interface StatementTax {
  taxTotals?: TaxAmounts;
  invoiceable?: TaxAmounts;
  invoicingByProgramme?: {
    programmeId: string;
    invoicing: InvoicingMode;
    share: TaxAmounts;
    bureauInvoiced: TaxAmounts;
  }[];
  deductionsByProgramme?: { programmeId: string; name: string }[];
}

/** A price book version's VAT terms (rates as "0.06"; vatRates and taxCodes by resource class). */
export interface PriceBookTax {
  taxInclusive?: boolean;
  vatRate?: string;
  vatRates?: Partial<Record<ResourceClass, string>>;
  taxCodes?: Partial<Record<ResourceClass, string>>;
}
