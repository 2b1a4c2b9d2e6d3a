import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { BillingModule } from '@park/billing';
import { BuildClaim } from './build-claim.usecase';
import { ClaimDocuments } from './claim-documents.usecase';
import { ClaimDocumentsRepository } from './claim-documents.repository';
import { ClaimRecordedInvoicesRepository } from './claim-recorded-invoices.repository';
import { ClaimEvidenceItems } from './claim-evidence-items';
import { ClaimJobs } from './claim-jobs';
import { ClaimRules } from './claim-rules';
import { ClaimSourcesRepository } from './claim-sources.repository';
import { ClaimTransition } from './claim-transition';
import { ClaimQueries } from './claim.queries';
import { ClaimService } from './claim.service';
import { ClaimsRepository } from './claims.repository';
import { ClawbackService } from './clawback.service';
import { DrillDownClaim } from './drill-down-claim.usecase';
import { PayClaim } from './pay-claim.usecase';
import { RedemptionLines } from './redemption-lines.source';
import { ReviewClaim } from './review-claim.usecase';
import { SettlementLines } from './settlement-lines.source';
import { SubmitClaim } from './submit-claim.usecase';

const USE_CASES = [BuildClaim, SubmitClaim, ReviewClaim, PayClaim, DrillDownClaim, ClaimQueries, ClaimDocuments];
const PARTS = [
  ClaimsRepository,
  ClaimSourcesRepository,
  ClaimRules,
  ClaimDocumentsRepository,
  ClaimRecordedInvoicesRepository,
  ClaimJobs,
  ClaimEvidenceItems,
  ClaimTransition,
  RedemptionLines,
  SettlementLines,
];

/** Reimbursement claims and clawbacks (needs the platform's DbModule and ClickHouseModule, which are global). */
@Module({
  imports: [AuditStoreModule, BillingModule],
  providers: [...USE_CASES, ...PARTS, ClaimService, ClawbackService],
  exports: [...USE_CASES, ClaimService, ClawbackService],
})
export class ClaimsModule {}
