import { Module } from '@nestjs/common';
import { AuditStoreModule } from '@park/audit-store';
import { ClaimService } from './claim.service';

/** Reimbursement claims (needs the platform's DbModule and ClickHouseModule, which are global). */
@Module({ imports: [AuditStoreModule], providers: [ClaimService], exports: [ClaimService] })
export class ClaimsModule {}
