import type { PeriodId } from '../time/shanghai-calendar';
import type { InvoicingMode } from '../tax/invoicing';

/** 金额 (excluding tax), 税额, 价税合计: 2-dp strings, excl + tax = incl. */
export interface TaxAmountsView {
  readonly amountExclTax: string;
  readonly tax: string;
  readonly amountInclTax: string;
}

/** Every amount is a 2-dp string ("1234.50"); quantities and unit prices up to 6 dp. */
export interface StatementLineView {
  readonly lineId: string;
  readonly kind: 'usage' | 'commitment';
  /** The period the usage belongs to (differs from the statement's for adjustments). */
  readonly periodId: PeriodId;
  readonly sku: string | null;
  readonly resourceClass: string | null;
  /** e.g. 智算 / AI compute. */
  readonly resourceClassLabel: { readonly zh: string; readonly en: string } | null;
  readonly jobType: string | null;
  readonly quantity: string;
  readonly billingUnit: string | null;
  readonly unitPrice: string;
  readonly priceBookId: string | null;
  readonly priceBookVersion: number | null;
  readonly unroundedAmount: string;
  /** As rated at the book's prices: 价税合计 in a tax-inclusive book, 金额 in a tax-exclusive one. */
  readonly amount: string;
  // Tax (issue 16): absent on statements issued before tax was data (they were all 6 %, tax-inclusive).
  /** e.g. "0.06". */
  readonly vatRate?: string;
  /** Whether the book's price (`amount`) includes the tax. */
  readonly taxInclusive?: boolean;
  readonly amountExclTax?: string;
  readonly tax?: string;
  /** 价税合计: what the line costs, tax included. */
  readonly amountInclTax?: string;
  /** What of the line the tenant's 发票 covers (the programmes' invoicing modes decide the voucher-paid share). */
  readonly invoiceable?: TaxAmountsView;
  readonly deductions: readonly {
    readonly programmeId: string;
    readonly grantId: string;
    readonly mechanism: 'on_bill' | 'reimbursed';
    readonly amount: string;
  }[];
  /** Deducted on this bill. */
  readonly onBillDeductions: string;
  /** Paid back after payment; shown, not subtracted. */
  readonly reimbursable: string;
  /** 价税合计 − on-bill deductions. */
  readonly net: string;
}

/** claim_rejected and clawback bill an amount back; dispute_credit (negative) credits an accepted dispute. */
export type StatementChargeKind = 'claim_rejected' | 'clawback' | 'dispute_credit';

/**
 * An amount billed back to the tenant (DESIGN §7): a claim line the bureau rejected, or a clawback (追缴); or credited
 * to it: a dispute of an earlier statement's line the operator accepted (negative, `programmeId` null).
 */
export interface StatementChargeView {
  readonly chargeId: string;
  readonly kind: StatementChargeKind;
  readonly programmeId: string | null;
  readonly grantId: string | null;
  readonly reason: string;
  /** What this statement bills of it (a credit: the part applied, at most what the statement asks for). */
  readonly amount: string;
  /** A credit only: the credit as it stood before this statement (= amount + carriedForward). */
  readonly credit?: string;
  /** A credit only: what of it is left for the tenant's next statement (≤ 0; "0.00" when used up). */
  readonly carriedForward?: string;
}

export interface StatementView {
  readonly tenantId: string;
  readonly periodId: PeriodId;
  readonly lines: readonly StatementLineView[];
  /** Late usage of closed periods, one section per period it belongs to. */
  readonly adjustments: readonly {
    readonly periodId: PeriodId;
    readonly lines: readonly StatementLineView[];
    readonly subtotal: string;
  }[];
  /**
   * Charges billed back on this statement: no voucher applies to them; they add to the net payable. A credit the
   * statement had no room for is listed with amount 0.00, all of it carried forward.
   */
  readonly charges: readonly StatementChargeView[];
  readonly deductionsByProgramme: readonly {
    readonly programmeId: string;
    readonly name: string;
    readonly bureau: string;
    readonly mechanism: 'on_bill' | 'reimbursed';
    readonly amount: string;
    readonly grants: readonly { readonly grantId: string; readonly amount: string }[];
    readonly funders: readonly { readonly funderId: string; readonly amount: string }[];
  }[];
  /** Per programme with a deduction: who is invoiced for its share (absent before issue 16). */
  readonly invoicingByProgramme?: readonly {
    readonly programmeId: string;
    readonly invoicing: InvoicingMode;
    /** The voucher-paid share, split like the lines it was deducted from. */
    readonly share: TaxAmountsView;
    /** What the park invoices the bureau for (the share under bureau_share, else zero). */
    readonly bureauInvoiced: TaxAmountsView;
  }[];
  /** What the tenant's 发票 covers: gross less the shares of tenant_net and bureau_share programmes. */
  readonly invoiceable?: TaxAmountsView;
  readonly totals: {
    /** Sum of the lines' 价税合计, adjustments included (= sum of rounded lines in tax-inclusive books). */
    readonly gross: string;
    readonly usage: string;
    readonly adjustments: string;
    /** Money granted (on-bill vouchers), shown apart from what the tenant pays. */
    readonly deductions: string;
    /** Reimbursed-mechanism subsidies the tenant will receive after paying. */
    readonly reimbursable: string;
    /** Sum of `charges` (their `amount`: a credit counts only for what this statement applied of it). */
    readonly charges: string;
    /** With a credit among the charges: Σ of the credits applied here (≤ 0), part of `charges`. */
    readonly creditApplied?: string;
    /** With a credit among the charges: Σ of what of them goes on to the next statement (≤ 0). */
    readonly creditCarriedForward?: string;
    /** gross − deductions + charges; a credit never takes it below 0.00. */
    readonly netPayable: string;
  };
  /** Sums of the lines' 金额, 税额 and 价税合计 (= gross); absent on statements issued before issue 16. */
  readonly taxTotals?: TaxAmountsView;
}
