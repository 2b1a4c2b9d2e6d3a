import { Module } from '@nestjs/common';
import { BillingModule } from '@park/billing';
import { CatalogueController } from './controllers/catalogue.controller';
import { GrantsController } from './controllers/grants.controller';
import { PeriodsController } from './controllers/periods.controller';
import { ProgrammesController } from './controllers/programmes.controller';
import { StatementsController } from './controllers/statements.controller';
import { TenantsController } from './controllers/tenants.controller';

/** Catalogue, price books, tenants, contracts, programmes, grants, periods and statements over REST. */
@Module({
  imports: [BillingModule],
  controllers: [CatalogueController, TenantsController, ProgrammesController, GrantsController, PeriodsController, StatementsController],
})
export class BillingApiModule {}
