// Errors
export { ValidationError, Issues, buildOrThrow } from './errors/validation.error';
export type { ValidationIssue } from './errors/validation.error';
export {
  DomainError,
  GrantExhausted,
  GrantNotActive,
  PriceNotFound,
  InvariantViolationError,
} from './errors/domain.errors';
export type { InvariantViolation } from './errors/domain.errors';

// Catalogue
export { RESOURCE_CLASSES, RESOURCE_CLASS_LABELS, JOB_TYPES, BASE_UNITS } from './catalogue/resource-class';
export type { ResourceClass, JobType, BaseUnit } from './catalogue/resource-class';
export { buildSku, buildCatalogue, SKU_CODE } from './catalogue/sku';
export type { Sku, SkuSpec, BillingUnit, Catalogue } from './catalogue/sku';

// Time
export {
  SHANGHAI_OFFSET_MS,
  isPeriodId,
  isLocalDate,
  periodOf,
  periodBounds,
  nextPeriod,
  previousPeriod,
  comparePeriods,
  periodYear,
  daysInPeriod,
  periodFirstDay,
  periodLastDay,
  periodOfLocalDate,
  localDateOf,
  overlapDays,
} from './time/shanghai-calendar';
export type { PeriodId, LocalDate } from './time/shanghai-calendar';
export { splitProRata, periodCuts, hourCuts, toHourBuckets } from './time/split-pro-rata';
export type { TimeSlice, SplitProRataInput, HourBucket } from './time/split-pro-rata';

// Pricing
export { charge } from './pricing/price-model';
export type { PriceModelSpec } from './pricing/price-model';
export type { PriceModel, PriceModelKind, Tier, ChargeContext, ChargeResult } from './pricing/price-model.types';
export { buildPriceBook, versionAt } from './pricing/price-book';
export type { PriceBook, PriceBookVersion, PriceBookSpec } from './pricing/price-book';
export { buildContract, contractInForce } from './pricing/contract';
export { assertNotFrozen, PeriodFrozen } from './pricing/frozen-periods';
export type { Contract, ContractSpec } from './pricing/contract';

// Rating
export { buildRateUsageInput } from './rating/rate-usage.input';
export type { RateUsageInput, RateUsageInputSpec, UsageBucket } from './rating/rate-usage.input';
export { rateUsage } from './rating/rate-usage';
export type { RatingResult } from './rating/rate-usage';
export { rateAdjustments, baseLineId, ADJUSTMENT_PREFIX } from './rating/rate-adjustments';
export type { RatedLine, JobUsage } from './rating/rated-line';
export { ratingIntervals } from './rating/rating-intervals';

// Vouchers
export {
  buildProgramme,
  EVIDENCE_ITEMS,
  PROGRAMME_RULE_KEYS,
  SETTLEMENT_CADENCES,
  POOL_ORDERS,
} from './vouchers/programme';
export { programmeRulesSchema, rulesShapeIssues } from './vouchers/programme-rules.schema';
export {
  FIXED_FOR_LIFE,
  fixedRuleChanges,
  programmeInForce,
  readVersionStart,
  versionInForce,
  type ProgrammeVersion,
} from './vouchers/programme-versions';
export type {
  Programme,
  ProgrammeSpec,
  ProgrammeKind,
  Mechanism,
  SettlementCadence,
  RatioRule,
  RatioTier,
  RatioCondition,
  Eligibility,
  ProgrammeCaps,
  Funder,
  StackingGroup,
  TrainingThreshold,
  PoolOrder,
  EvidenceItem,
} from './vouchers/programme.types';
export { buildGrant, validateGrantIssue, assertRedeemable } from './vouchers/grant';
export type { Grant, GrantSpec, GrantStatus } from './vouchers/grant';
export { EMPTY_USAGE_STATE } from './vouchers/usage-state';
export type { UsageState } from './vouchers/usage-state';
export type { VoucherLine, TenantProfile } from './vouchers/voucher-line';
export type { Deduction, CapName, NoteReason, VoucherNote } from './vouchers/deduction';
export { explanationForTenant } from './vouchers/deduction';
export { programmeEligibility } from './vouchers/eligibility';
export { buildApplyVouchersInput } from './vouchers/apply-vouchers.input';
export type { ApplyVouchersInput, ApplyVouchersInputSpec, UsageStateSpec } from './vouchers/apply-vouchers.input';
export { applyVouchers } from './vouchers/apply-vouchers';
export type { ApplyVouchersResult, LineVoucherSummary } from './vouchers/apply-vouchers';
export { closeTenantsInOrder } from './vouchers/close-tenants';
export type { TenantToClose, CloseTenantsResult } from './vouchers/close-tenants';
export { allocatePools } from './vouchers/pool-allocation';
export { contractTermMonths } from './vouchers/contract-rules';
export { buildContractSettlementInput, computeContractSettlement } from './vouchers/contract-settlement';
export type {
  ContractSettlementInput,
  ContractSettlementInputSpec,
  ContractSettlementSteps,
} from './vouchers/contract-settlement';
export type { ContractSettlementRules, DayCount, BasePeriodRule } from './vouchers/contract-settlement.rules';
export type { ContractRules, ContractRulesSpec, ContractFacts } from './vouchers/contract-rules';
export type { PoolAllocation } from './vouchers/pool-allocation';
export { checkInvariants, assertInvariants } from './vouchers/invariants';
export type { InvariantInput } from './vouchers/invariants';

// Statements
export { assembleStatement } from './statement/assemble-statement';
export type { AssembleStatementInput, StatementCharge } from './statement/assemble-statement';
export { applyCredits, chargeWrites, creditTotals } from './statement/statement-credits';
export type { AppliedCharge, ChargeWrites } from './statement/statement-credits';
export type {
  StatementChargeKind,
  StatementChargeView,
  StatementView,
  StatementLineView,
  TaxAmountsView,
} from './statement/statement.types';
export { disputeCredit } from './disputes/dispute-credit';
export type { DisputeCredit, DisputeCreditInput, DisputedDeduction, VoucherReversal } from './disputes/dispute-credit';
export {
  INVOICE_TYPES,
  INVOICE_TYPE_LABELS,
  checkInvoiceAmounts,
  invoiceFileType,
  invoiceRefusal,
  paymentRefusal,
  settlementOf,
  statusAtIssue,
} from './statement/settlement';
export type {
  InvoiceAmounts,
  InvoiceType,
  PaymentRefusal,
  Settlement,
  SettlementInput,
  SettlementInvoice,
  SettlementPayment,
} from './statement/settlement';

// Tax (VAT per line, invoicing of voucher shares)
export { DEFAULT_TAX_CODE, DEFAULT_TAX_TERMS, readTaxTerms, taxCodeFor, vatRateFor } from './tax/tax-terms';
export type { TaxTerms, TaxTermsSpec } from './tax/tax-terms';
export { taxOfLine, shareOfLine, sumTax } from './tax/line-tax';
export type { TaxAmounts } from './tax/line-tax';
export { DEFAULT_INVOICING, INVOICING_MODES, invoiceLine, invoiceStatement } from './tax/invoicing';
export type { InvoicingMode, LineInvoicing, StatementInvoicing } from './tax/invoicing';
export { taxTermsOfLine } from './pricing/price-book';

// Builders for tests of this lib and of the apps wiring it (no jest dependency).
export * as testing from './testing/builders';
