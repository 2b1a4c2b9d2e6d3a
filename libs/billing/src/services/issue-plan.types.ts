import type { AuditActor } from '@park/audit-store';
import type { ChargeWrites, StatementChargeKind } from '@park/billing-domain';

/** A grant as the issuing transaction locks and reads it. */
export interface LockedGrant {
  readonly id: string;
  readonly programmeId: string;
  readonly tenantId: string;
  readonly contractId: string | null;
  readonly faceValue: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly status: string;
}

/** What the issuing transaction read under lock, handed to the domain to compute the statement. */
export interface LockedState {
  readonly statementId: string;
  readonly grants: readonly LockedGrant[];
  /** Grant id → balance (sum of its ledger account's postings). */
  readonly balances: ReadonlyMap<string, string>;
  /** Voucher counters: tenantId '' = the programme's pool, year 0 = cumulative. */
  readonly counters: readonly { programmeId: string; tenantId: string; year: number; used: string }[];
  /** The tenant's pending charges (claim rejections, clawbacks, dispute credits), locked: this statement bills them. */
  readonly charges: readonly PendingCharge[];
}

/** A charge billed back to (or, a dispute credit, credited to) the tenant, as read for a statement. */
export interface PendingCharge {
  readonly id: string;
  readonly kind: StatementChargeKind;
  readonly programmeId: string | null;
  readonly grantId: string | null;
  readonly reason: string;
  readonly amount: string;
}

export interface IssueLine {
  lineId: string;
  kind: string;
  isAdjustment: boolean;
  usagePeriodId: string;
  contractId: string | null;
  sku: string | null;
  resourceClass: string | null;
  chipFamily: string | null;
  domesticChip: boolean;
  jobType: string | null;
  quantityBase: string;
  quantity: string;
  billingUnit: string | null;
  unitPrice: string;
  priceModel: string;
  priceSource: string;
  discountPercent: string;
  priceBookId: string | null;
  priceBookVersion: number | null;
  rounding: string;
  unroundedAmount: string;
  amount: string;
  onBillDeductions: string;
  reimbursable: string;
  net: string;
  vatRate: string | null;
  taxInclusive: boolean | null;
  amountExclTax: string | null;
  tax: string | null;
  amountInclTax: string | null;
  invoiceableInclTax: string | null;
}

/** Everything the issue writes, computed from LockedState. */
export interface IssuePlan {
  readonly number: string;
  readonly asOf: string;
  readonly totals: {
    gross: string;
    usage: string;
    adjustments: string;
    deductions: string;
    reimbursable: string;
    charges: string;
    netPayable: string;
  };
  /** Tax totals and the 价税合计 the tenant's invoice covers. */
  readonly tax: {
    totalExclTax: string | null;
    totalTax: string | null;
    totalInclTax: string | null;
    invoiceable: string | null;
  };
  readonly view: unknown;
  readonly lines: readonly IssueLine[];
  readonly deductions: readonly {
    id: string;
    lineId: string;
    grantId: string;
    programmeId: string;
    mechanism: string;
    usageYear: number;
    amount: string;
    explanation: unknown;
  }[];
  /** One ledger redemption per grant × usage year. */
  readonly redemptions: readonly { grantId: string; programmeId: string; usageYear: number; amount: string }[];
  /** Added to voucher_counters (tenant-year, tenant cumulative as year 0, pool as tenant '' with its budget). */
  readonly counterDeltas: readonly {
    programmeId: string;
    tenantId: string;
    year: number;
    amount: string;
    budget: string | null;
  }[];
  readonly billedUsage: readonly { usagePeriodId: string; sku: string; jobType: string; quantityBase: string }[];
  /**
   * The pending charges this statement bills, each at what it bills of it, and the rest of each credit split here as
   * a new pending charge (billing-domain `chargeWrites`); a credit it had no room for stays pending untouched.
   */
  readonly charges: ChargeWrites;
  /** `paid` when the statement asks for nothing (billing-domain `statusAtIssue`). */
  readonly status: 'issued' | 'paid';
}

export interface IssueOutcome {
  readonly statementId: string;
  readonly newlyIssued: boolean;
  /** The earliest last day (valid_to) of the tenant's grants, read in the issuing transaction; absent: none read. */
  readonly earliestGrantEnd?: string;
}

export interface IssueInput {
  readonly tenantId: string;
  readonly parkId: string;
  readonly periodId: string;
  readonly years: readonly number[];
  readonly plan: (state: LockedState) => IssuePlan;
  /** Who issues (recorded in the audit log); SYSTEM_ACTOR when absent. */
  readonly actor?: AuditActor;
  /** A period close's job: the round of its task, marked done by the issuing transaction (absent: not a close). */
  readonly closeTaskRound?: number;
}
