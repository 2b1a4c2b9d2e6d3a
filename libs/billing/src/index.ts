export { BillingModule } from './billing.module';
export { BillingErrorCode, BILLING_ERROR_CODES, isBillingErrorCode } from './errors/billing-error-codes';
export {
  BillingError,
  NotFound,
  type NotFoundEntity,
  InvalidInput,
  AlreadyExists,
  PeriodClosed,
  PeriodNotOver,
  InvalidState,
  QueueUnavailable,
} from './errors/billing.errors';
export { BilledUsageMissing } from './errors/billed-usage-missing.error';
export type { MissingUsage } from './services/billed-usage.comparison';
export { checkUscc, usccCheckCharacter, type UsccCheck } from './identity/uscc.validator';
export { CatalogueService, type SkuInput, type PriceVersionInput } from './services/catalogue.service';
export { ID as ID_PATTERN, LOCAL_DATE as LOCAL_DATE_PATTERN } from './services/input.validation';
export { TenantService, type TenantInput } from './services/tenant.service';
export { ParkService, type ParkInput } from './services/park.service';
export { InvoicingPartyService, type PartyOnStatement } from './services/invoicing-party.service';
export type { PartyDetails, PartyKind } from './repositories/invoicing-party.repository';
export { ContractService, type ContractInput } from './services/contract.service';
export {
  ContractSettlementService,
  settlementView,
  type ContractSettlementInput,
} from './services/contract-settlement.service';
export { ProgrammeService, type ProgrammeRules } from './services/programme.service';
export { GrantService, type GrantInput, type GrantView } from './services/grant.service';
export { StatementService, type StatementPreview, type IssueResult } from './services/statement.service';
export {
  StatementSettlementService,
  type InvoiceInput,
  type PaymentInput,
} from './settlement/statement-settlement.service';
export { SettlementReadService } from './settlement/settlement-read.service';
export { invoiceableOf, type InvoiceView, type PaymentView } from './settlement/settlement.views';
export { StatementExportService, type ExportFormat } from './services/statement-export.service';
export { BULK_INVOICE_TYPES, InvoiceRequestService, type InvoiceKind } from './services/invoice-requests.service';
export { StatementDisputeService, type OpenDispute, type ResolveDispute } from './disputes/statement-dispute.service';
export { StatementDisputeRepository } from './disputes/statement-dispute.repository';
export type { DisputeView } from './disputes/dispute.view';
export { UsageReadService } from './services/usage-read.service';
export { UsageWorkbookService } from './services/usage-workbook.service';
export { UsageTrendService, type UsageDay, type DailySku } from './services/usage-trend.service';
export { ProgrammeSpendService, type ProgrammeSpendMonth } from './services/programme-spend.service';
export {
  UsageBackfillService,
  type UsageBackfillView,
  type BackfillRequest,
  type BackfillLabel,
} from './backfill/usage-backfill.service';
export { BACKFILL_ATTRIBUTE, BACKFILL_POLICY, type BackfillKey } from './backfill/backfill-records';
export { AlertThresholdsService, type AlertThresholds } from './services/alert-thresholds.service';
export { BillingContextLoader, toProgrammeVersions } from './services/billing-context.loader';
export { PeriodCloseService, type CloseProgress, type StartedClose } from './close/period-close.service';
export { CloseHoldService, type HoldOverride, type ReleasedHold } from './close/close-hold.service';
export type { HeldTask } from './close/close-hold.repository';
export {
  PeriodCloseQueue,
  CLOSE_JOB_OPTIONS,
  CLOSE_SWEEP_EVERY_MS,
  closeJobId,
  type CloseTenantJob,
  type CloseQueueData,
} from './close/period-close.queue';
export { ledgerAccount } from './ledger/ledger.accounts';
export { LedgerRepository, type SqlFragment } from './ledger/ledger.repository';
export {
  balancedPostings,
  UnbalancedLedgerTransaction,
  type LedgerKind,
  type LedgerTransactionInput,
  type LedgerPostingInput,
} from './ledger/ledger-transaction';
export { ChargeRepository, type ChargeRow, type NewCharge } from './repositories/charge.repository';
export { BillingPgPool } from './repositories/billing-pg.pool';
export { toDecimal } from './support/decimal.mapper';
