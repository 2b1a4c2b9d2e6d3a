import { Inject, Module } from '@nestjs/common';
import { BillingModule, ID_PATTERN, NotFound, ProgrammeService } from '@park/billing';
import { ClaimService, ClaimsModule } from '@park/claims';
import { SCOPE_RESOLVERS, type ScopeResolvers } from '@park/platform';
import { NotificationsModule } from '@park/notifications';
import { ReconciliationModule } from '@park/reconciliation';
import { BackfillsController } from './controllers/backfills.controller';
import { AlertThresholdsController } from './controllers/alert-thresholds.controller';
import { AuditController } from './controllers/audit.controller';
import { ClaimDocumentsController } from './controllers/claim-documents.controller';
import { ClaimsController } from './controllers/claims.controller';
import { ClawbacksController } from './controllers/clawbacks.controller';
import { ContractSettlementsController } from './controllers/contract-settlements.controller';
import { CatalogueController } from './controllers/catalogue.controller';
import { GrantsController } from './controllers/grants.controller';
import { ParksController } from './controllers/parks.controller';
import { InvoicingPartiesController } from './controllers/invoicing-parties.controller';
import { PeriodsController } from './controllers/periods.controller';
import { ProgrammesController } from './controllers/programmes.controller';
import { ReconciliationController } from './controllers/reconciliation.controller';
import { StatementsController } from './controllers/statements.controller';
import { StatementDisputesController } from './controllers/statement-disputes.controller';
import { StatementInvoicesController } from './controllers/statement-invoices.controller';
import { StatementPaymentsController } from './controllers/statement-payments.controller';
import { TenantsController } from './controllers/tenants.controller';
import { WebhooksController } from './controllers/webhooks.controller';
import { QueueDashboardModule } from './queue-dashboard/queue-dashboard.module';

/** Catalogue, price books, tenants, contracts, programmes, grants, periods and statements over REST. */
@Module({
  imports: [BillingModule, ClaimsModule, ReconciliationModule, NotificationsModule, QueueDashboardModule],
  controllers: [
    CatalogueController,
    TenantsController,
    ContractSettlementsController,
    ProgrammesController,
    GrantsController,
    ParksController,
    InvoicingPartiesController,
    PeriodsController,
    BackfillsController,
    StatementsController,
    StatementDisputesController,
    StatementInvoicesController,
    StatementPaymentsController,
    AuditController,
    ClaimsController,
    ClaimDocumentsController,
    ClawbacksController,
    ReconciliationController,
    WebhooksController,
    AlertThresholdsController,
  ],
})
export class BillingApiModule {
  constructor(@Inject(SCOPE_RESOLVERS) resolvers: ScopeResolvers, programmes: ProgrammeService, claims: ClaimService) {
    // `@Allow({ roles: ['bureau-auditor'], scope: 'bureau', resolver: 'programme' })`: the bureau that issued
    // programme :id, or null when there is none (the auditor then gets the same 404 as for another bureau's).
    // The guard runs before the edge validation: an id that cannot exist is not looked up (NUL bytes would make
    // PostgreSQL fail the query).
    resolvers.programme = async ({ params }) => {
      if (!params.id || !ID_PATTERN.test(params.id)) return null;
      try {
        return (await programmes.get(params.id)).bureauId;
      } catch (error) {
        if (error instanceof NotFound) return null;
        throw error;
      }
    };
    // `resolver: 'claim'`: the bureau of the programme claim :claimId is made to, or null when there is no such claim.
    resolvers.claim = async ({ params }) =>
      params.claimId && ID_PATTERN.test(params.claimId) ? claims.bureauOf(params.claimId) : null;
  }
}
