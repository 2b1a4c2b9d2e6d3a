// What the console reads from the API's answers. The OpenAPI document does not describe these answers yet (its
// request shapes are generated into schema.d.ts); each type lists only the fields a screen shows, all amounts
// as the API's decimal strings.
import type { LineTax, StatementTax } from './tax-views';

export interface UsageBySku {
  tenantId: string;
  periodId: string;
  /** `quantity` in the SKU's billing unit (GPU-hours), `quantityBase` in its base unit (GPU-seconds). */
  skus: {
    sku: string;
    quantity: string;
    billingUnit: string | null;
    quantityBase: string;
    baseUnit: string | null;
    records: string;
  }[];
}

/** A day (Asia/Shanghai) of GET /v1/tenants/{t}/usage/daily: what it added to the month's gross, by SKU. */
export interface UsageDay {
  day: string;
  amount: string;
  skus: { sku: string; quantity: string; billingUnit: string | null; amount: string }[];
}

export interface DailyUsage {
  tenantId: string;
  periodId: string;
  days: UsageDay[];
}

/** A month of GET /v1/programmes/{id}/spend; poolLeft null: the programme has no pool. */
export interface SpendMonth {
  month: string;
  granted: string;
  redeemed: string;
  claimed: string;
  approved: string;
  poolLeft: string | null;
}

export interface StatementLine extends LineTax {
  lineId: string;
  kind: string;
  sku: string;
  jobType: string;
  periodId: string;
  quantity: string;
  billingUnit: string;
  unitPrice: string;
  amount: string;
  onBillDeductions: string;
  net: string;
}

export interface StatementTotals {
  gross: string;
  deductions: string;
  charges: string;
  netPayable: string;
  /** The period's usage and the adjustments of earlier periods (gross = usage + adjustments). */
  usage?: string;
  adjustments?: string;
  /** Credits only: what of them this statement applied (≤ 0) and what it carried to the next one (≤ 0). */
  creditApplied?: string;
  creditCarriedForward?: string;
}

/** An amount billed back (> 0) or a credit (< 0: `credit` as it stood, `carriedForward` the rest left). */
export interface StatementChargeLine {
  chargeId: string;
  kind: string;
  reason: string;
  amount: string;
  credit?: string;
  carriedForward?: string;
}

/** Late usage of an earlier (closed) period, billed on this statement. */
export interface StatementAdjustment {
  periodId: string;
  subtotal: string;
  lines: StatementLine[];
}

/** The parts of a statement's view the detail page shows. */
export interface StatementView extends StatementTax {
  lines: StatementLine[];
  totals: StatementTotals;
  adjustments?: StatementAdjustment[];
  charges?: StatementChargeLine[];
}

export interface StatementPreview {
  status: 'draft';
  number: string;
  view: { periodId: string; lines: StatementLine[]; totals: StatementTotals };
}

export interface StatementSummary {
  id: string;
  tenantId: string;
  periodId: string;
  status: string;
  number: string;
  gross: string;
  deductions: string;
  chargesAmount: string;
  netPayable: string;
  issuedAt: string | null;
  pdfSha256: string | null;
  csvSha256: string | null;
  xlsxSha256: string | null;
}

/** A dispute (申诉) of a statement line, as both sides see it. */
export interface Dispute {
  id: string;
  tenantId: string;
  periodId: string;
  lineId: string;
  reason: string;
  requestedAmount: string;
  state: 'open' | 'accepted' | 'rejected';
  creditedAmount: string | null;
  tenantCredit: string | null;
  voucherReversal: string | null;
  resolutionReason: string | null;
  createdAt: string;
}

export interface StatementDetail {
  statement: StatementSummary & { view: StatementView };
  disputes: Dispute[];
}

export interface Grant {
  id: string;
  programmeId: string;
  faceValue: string;
  balance: string;
  validFrom: string;
  validTo: string;
  status: string;
}

export interface LedgerEntry {
  transactionId: string;
  kind: string;
  memo: string | null;
  amount: string;
  createdAt: string;
}

export interface Tenant {
  id: string;
  name: string;
  unifiedSocialCreditCode: string;
  status: string;
  flags: string[];
}

export interface Period {
  id: string;
  status: 'open' | 'closing' | 'closed';
  closingStartedAt: string | null;
  closedAt: string | null;
  issuedCount: number;
  tenantCount: number;
}

export interface ClaimSummary {
  id: string;
  programmeId: string;
  bureauId: string;
  cycle: string;
  status: string;
  total: string;
  approvedAmount: string | null;
  rejectedAmount: string | null;
  lines: number;
  createdAt: string;
}

export interface ClaimLine {
  id: string;
  tenantId: string;
  statementId: string;
  statementNumber: string;
  periodId: string;
  amount: string;
  decision: 'pending' | 'approved' | 'rejected';
  reason: string | null;
}

export interface ClaimDetail extends Omit<ClaimSummary, 'lines'> {
  lines: ClaimLine[];
  reconciliation: { linesTotal: string; ledgerTotal: string; reconciles: boolean };
}

/** GET /v1/claims/{id}/checklist: each item the programme requires, satisfied or what exactly is missing. */
export interface ClaimChecklist {
  complete: boolean;
  required: string[];
  items: {
    item: string;
    source: 'generated' | 'supplied';
    scope: 'tenant' | 'statement' | 'claim';
    satisfied: boolean;
    missing: string[];
  }[];
}

/** A document supplied for a claim's checklist (GET /v1/claims/{id}/documents), without its bytes. */
export interface ClaimDocument {
  id: string;
  kind: string;
  label: string | null;
  tenantId: string | null;
  statementId: string | null;
  filename: string;
  contentType: string;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

export interface DemoDirectory {
  roles: string[];
  tenants: { id: string; name: string }[];
  bureaus: { id: string; name: string }[];
}

/** An invoice issued against a statement (…/statements/{periodId}/invoices). */
export interface StatementInvoice {
  id: string;
  type: 'digital' | 'special' | 'ordinary';
  number: string;
  issuedOn: string;
  amountExclTax: string;
  tax: string;
  amountInclTax: string;
  file: { contentType: string; sha256: string; size: number } | null;
  voided: boolean;
  voidReason: string | null;
}

/** A payment received for a statement (…/statements/{periodId}/payments). */
export interface StatementPayment {
  id: string;
  receivedOn: string;
  amount: string;
  bankReference: string;
  payer: string | null;
  reversed: boolean;
  reversalReason: string | null;
}

/** Both lists' totals: the statement's payable, invoiced and paid amounts and the balance. */
export interface SettlementTotals {
  payable: string;
  invoiceable: string;
  paidTotal: string;
  balance: string;
  invoicedTotal: string;
}
