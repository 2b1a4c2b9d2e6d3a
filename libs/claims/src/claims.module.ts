import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { BillingModule } from '@park/billing';
import { ClaimService } from './claim.service';
import { ClawbackService } from './clawback.service';

/** Reimbursement claims and clawbacks (needs the platform's DbModule and ClickHouseModule, which are global). */
@Module({
  imports: [AuditStoreModule, BillingModule],
  providers: [ClaimService, ClawbackService],
  exports: [ClaimService, ClawbackService],
})
export class ClaimsModule {}
