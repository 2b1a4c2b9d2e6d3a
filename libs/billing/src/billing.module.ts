import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { CloseHoldRepository } from './close/close-hold.repository';
import { CloseHoldService } from './close/close-hold.service';
import { UsageBackfillService } from './backfill/usage-backfill.service';
import { CloseTaskRepository } from './close/close-task.repository';
import { PeriodCloseQueue } from './close/period-close.queue';
import { PeriodCloseService } from './close/period-close.service';
import { LedgerRepository } from './ledger/ledger.repository';
import { StatementDisputeRepository } from './disputes/statement-dispute.repository';
import { StatementDisputeService } from './disputes/statement-dispute.service';
import { BillingPgPool } from './repositories/billing-pg.pool';
import { BillingReadRepository } from './repositories/billing-read.repository';
import { ChargeRepository } from './repositories/charge.repository';
import { CatalogueRepository } from './repositories/catalogue.repository';
import { ContractRepository } from './repositories/contract.repository';
import { ContractSettlementRepository } from './repositories/contract-settlement.repository';
import { GrantRepository } from './repositories/grant.repository';
import { PeriodRepository } from './repositories/period.repository';
import { ParkRepository } from './repositories/park.repository';
import { InvoicingPartyRepository } from './repositories/invoicing-party.repository';
import { InvoiceRequestRepository } from './repositories/invoice-request.repository';
import { InvoiceRequestService } from './services/invoice-requests.service';
import { PoolAllocationRepository } from './repositories/pool-allocation.repository';
import { PoolPassReads } from './repositories/pool-pass.reads';
import { ProgrammeRepository } from './repositories/programme.repository';
import { StatementIssueRepository } from './repositories/statement-issue.repository';
import { StatementRepository } from './repositories/statement.repository';
import { TenantRepository } from './repositories/tenant.repository';
import { BillingContextLoader } from './services/billing-context.loader';
import { CatalogueService } from './services/catalogue.service';
import { ContractService } from './services/contract.service';
import { ContractSettlementService } from './services/contract-settlement.service';
import { GrantService } from './services/grant.service';
import { ParkService } from './services/park.service';
import { InvoicingPartyService } from './services/invoicing-party.service';
import { PoolAllocationService } from './services/pool-allocation.service';
import { ProgrammeService } from './services/programme.service';
import { StatementExportService } from './services/statement-export.service';
import { StatementRatingService } from './services/statement-rating.service';
import { StatementService } from './services/statement.service';
import { TenantService } from './services/tenant.service';
import { UsageReadService } from './services/usage-read.service';
import { UsageWorkbookService } from './services/usage-workbook.service';
import { UsageTrendService } from './services/usage-trend.service';
import { ProgrammeSpendService } from './services/programme-spend.service';
import { ProgrammeSpendRepository } from './repositories/programme-spend.repository';
import { AlertThresholdsService } from './services/alert-thresholds.service';
import { SettlementReadService } from './settlement/settlement-read.service';
import { SettlementRepository } from './settlement/settlement.repository';
import { StatementSettlementService } from './settlement/statement-settlement.service';
import { PeriodUsageSnapshots } from './usage/period-usage.snapshot';
import { USAGE_QUERY_PROVIDERS } from './usage/usage-queries.providers';

const PROVIDERS = [
  BillingPgPool,
  BillingReadRepository,
  CatalogueRepository,
  ChargeRepository,
  ContractRepository,
  ContractSettlementRepository,
  GrantRepository,
  LedgerRepository,
  ParkRepository,
  InvoicingPartyRepository,
  InvoiceRequestRepository,
  PeriodRepository,
  PoolAllocationRepository,
  PoolPassReads,
  ProgrammeRepository,
  StatementIssueRepository,
  StatementRepository,
  StatementDisputeRepository,
  StatementDisputeService,
  TenantRepository,
  SettlementRepository,
  SettlementReadService,
  StatementSettlementService,
  ...USAGE_QUERY_PROVIDERS,
  PeriodUsageSnapshots,
  BillingContextLoader,
  CatalogueService,
  ContractService,
  ContractSettlementService,
  GrantService,
  ParkService,
  InvoicingPartyService,
  InvoiceRequestService,
  PoolAllocationService,
  ProgrammeService,
  StatementRatingService,
  StatementService,
  StatementExportService,
  TenantService,
  UsageReadService,
  UsageWorkbookService,
  UsageTrendService,
  ProgrammeSpendService,
  ProgrammeSpendRepository,
  UsageBackfillService,
  AlertThresholdsService,
  CloseTaskRepository,
  CloseHoldRepository,
  CloseHoldService,
  PeriodCloseQueue,
  PeriodCloseService,
];

/**
 * The billing services (needs the platform's DbModule, ClickHouseModule and ConfigModule, which are global); re-exports
 * the audit store.
 */
@Module({ imports: [AuditStoreModule], providers: PROVIDERS, exports: [...PROVIDERS, AuditStoreModule] })
export class BillingModule {}
